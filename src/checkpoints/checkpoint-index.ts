import { readdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Finding } from '../dataset/finding.js';
import type { Target } from '../remote/target.js';
import { readSafetensorsHeader, type HeaderResult } from '../ai-toolkit/safetensors.js';
import { checkpointFiles, epochAtStep, finalStep, samplesByStep, type ListedFile, type SampleRef } from './pairing.js';

/** Smoothed loss around a step (EMA of the run's loss series), or null when unknown. */
export type LossAt = (step: number) => number | null;

/** pod: only on the target; local: only in loras/; both; partial: an interrupted download; differs: loras/ holds another file of that name. */
export type Where = 'pod' | 'local' | 'both' | 'partial' | 'differs';

export interface CheckpointEntry {
  file: string;
  /** Path on the target, null when the file only exists locally (removed on the pod by max_step_saves_to_keep). */
  remotePath: string | null;
  /** The step used everywhere (pairing, marking, choosing). */
  step: number | null;
  stepSource: 'name' | 'header' | 'samples' | 'config' | null;
  /** training_info.step from the header, when read. */
  headerStep: number | null;
  final: boolean;
  epoch: number | null;
  epochSource: 'header' | 'steps' | null;
  /** Size on the pod (or locally when only local). */
  size: number;
  mtimeMs: number;
  where: Where;
  localPath: string | null;
  /** Bytes already downloaded (complete file, or the .part of an interrupted download). */
  localBytes: number;
  header: 'ok' | 'bad' | 'unread';
  headerProblem?: string;
  loss: number | null;
  marked: boolean;
  chosen: boolean;
  samples: SampleRef[];
}

export interface CheckpointIndex {
  folder: string;
  jobName: string;
  checkpoints: CheckpointEntry[];
  /** Every step that has samples, with its images (including steps whose checkpoint is gone). */
  sampleSteps: Array<{ step: number; samples: SampleRef[] }>;
  /** Number of sample prompts (highest prompt index + 1). */
  promptCount: number;
  /** The sample prompts' text by index, from the config.yaml ai-toolkit copies into the folder (may be shorter). */
  prompts: string[];
  findings: Finding[];
}

export interface IndexOptions {
  target: Target;
  /** ai-toolkit's training_folder/<name> on the target. */
  folder: string;
  jobName: string;
  /** The project's `loras/` folder (local). */
  localDir?: string;
  /** Read each checkpoint's header (two small reads per file). Default true. */
  readHeaders?: boolean;
  stepsPerEpoch?: number;
  totalSteps?: number;
  marked?: readonly number[];
  chosen?: number | null;
  lossAt?: LossAt;
  /** Header results keyed by path+size+mtime, reused across refreshes. */
  headerCache?: Map<string, HeaderResult>;
  signal?: AbortSignal;
}

const HEADER_CONCURRENCY = 4;

/** Index the checkpoints and samples of a job output folder on a target. Problems become findings. */
export async function indexCheckpoints(opts: IndexOptions): Promise<CheckpointIndex> {
  const { target, folder, jobName } = opts;
  const findings: Finding[] = [];
  let listing: ListedFile[] = [];
  let sampleListing: ListedFile[] = [];
  let folderFound = true;
  try {
    listing = (await target.list(folder)).filter((e) => e.isFile).map((e) => ({ name: e.name, size: e.size, mtimeMs: e.mtimeMs }));
  } catch (e) {
    folderFound = false;
    findings.push({
      rule: 'checkpoints.no-output',
      severity: 'error',
      files: [folder],
      message: `cannot list ${folder} on ${target.label}: ${(e as Error).message}`,
      fix: 'Check the job in lorapilot.yaml (job.output), or that training has started and written its first save.',
    });
  }
  if (folderFound) {
    try {
      sampleListing = (await target.list(posix.join(folder, 'samples'))).filter((e) => e.isFile).map((e) => ({ name: e.name, size: e.size, mtimeMs: e.mtimeMs }));
    } catch {
      // No samples folder yet (sampling disabled, or before the first sample): not a problem.
    }
  }
  opts.signal?.throwIfAborted();

  const { checkpoints: remote, unrecognised } = checkpointFiles(listing, jobName);
  const samples = samplesByStep(sampleListing);
  const local = opts.localDir ? await localCheckpoints(opts.localDir, jobName) : new Map<string, LocalFile>();

  // Headers, a few at a time.
  const headers = new Map<string, HeaderResult>();
  if (opts.readHeaders !== false) {
    const queue = [...remote];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        opts.signal?.throwIfAborted();
        const path = posix.join(folder, c.file);
        const key = `${path}\0${c.size}\0${c.mtimeMs}`;
        let h = opts.headerCache?.get(key);
        if (!h) {
          h = await readSafetensorsHeader(target, path, c.size);
          opts.headerCache?.set(key, h);
        }
        headers.set(c.file, h);
      }
    };
    await Promise.all(Array.from({ length: Math.min(HEADER_CONCURRENCY, remote.length) }, worker));
  }

  const marked = new Set(opts.marked ?? []);
  const numberedSteps = remote.filter((c) => !c.final).map((c) => c.nameStep as number);
  const entries: CheckpointEntry[] = [];
  for (const c of remote) {
    const h = headers.get(c.file);
    const headerStep = h?.ok ? (h.header.trainingInfo?.step ?? null) : null;
    let step: number | null;
    let stepSource: CheckpointEntry['stepSource'];
    if (c.final) {
      const f = finalStep({ headerStep, numberedSteps, sampleSteps: [...samples.keys()], totalSteps: opts.totalSteps });
      step = f.step;
      stepSource = f.source;
    } else {
      step = c.nameStep;
      stepSource = 'name';
    }
    if (h && !h.ok) {
      findings.push({
        rule: 'checkpoints.bad-header',
        severity: 'warning',
        files: [c.file],
        message: `${c.file}: ${h.message}`,
        fix: h.code === 'truncated' ? 'Wait for the save to finish, then refresh; a file that stays short is damaged: do not use it.' : 'This file is not a usable safetensors LoRA: do not download or test it.',
        data: { code: h.code },
      });
    } else if (h?.ok && h.header.trainingInfo === null) {
      findings.push({
        rule: 'checkpoints.no-training-info',
        severity: 'info',
        files: [c.file],
        message: `${c.file}: no training_info in its metadata${h.header.trainingInfoProblem ? ` (${h.header.trainingInfoProblem})` : ''}; the step comes from ${c.final ? 'the samples or the config' : 'its name'}`,
        fix: 'Nothing to do unless the file was renamed by hand.',
      });
    } else if (h?.ok && !c.final && headerStep !== null && headerStep !== c.nameStep) {
      findings.push({
        rule: 'checkpoints.step-mismatch',
        severity: 'warning',
        files: [c.file],
        message: `${c.file}: its name says step ${c.nameStep} but its header says step ${headerStep}`,
        fix: 'The file was renamed or copied from another run; check which run it belongs to before choosing it.',
        data: { nameStep: c.nameStep, headerStep },
      });
    }
    const headerEpoch = h?.ok ? (h.header.trainingInfo?.epoch ?? null) : null;
    const mathEpoch = step === null ? null : epochAtStep(step, opts.stepsPerEpoch);
    const l = local.get(c.file);
    entries.push({
      file: c.file,
      remotePath: posix.join(folder, c.file),
      step,
      stepSource,
      headerStep,
      final: c.final,
      epoch: headerEpoch ?? mathEpoch,
      epochSource: headerEpoch !== null ? 'header' : mathEpoch !== null ? 'steps' : null,
      size: c.size,
      mtimeMs: c.mtimeMs,
      where: !l ? 'pod' : l.partial ? 'partial' : l.size === c.size ? 'both' : 'differs',
      localPath: l?.complete ? l.path : null,
      localBytes: l ? l.size : 0,
      header: h === undefined ? 'unread' : h.ok ? 'ok' : 'bad',
      headerProblem: h && !h.ok ? h.message : undefined,
      loss: step === null ? null : (opts.lossAt?.(step) ?? null),
      marked: step !== null && marked.has(step),
      chosen: step !== null && opts.chosen === step,
      samples: step === null ? [] : (samples.get(step) ?? []),
    });
  }
  // Downloaded earlier, since removed on the pod (max_step_saves_to_keep): still choosable.
  for (const [file, l] of local) {
    if (!l.complete || entries.some((e) => e.file === file)) continue;
    const final = l.step === null;
    const step = final ? (opts.totalSteps ?? null) : l.step;
    entries.push({
      file,
      remotePath: null,
      step,
      stepSource: final ? (step === null ? null : 'config') : 'name',
      headerStep: null,
      final,
      epoch: step === null ? null : epochAtStep(step, opts.stepsPerEpoch),
      epochSource: step === null || !opts.stepsPerEpoch ? null : 'steps',
      size: l.size,
      mtimeMs: l.mtimeMs,
      where: 'local',
      localPath: l.path,
      localBytes: l.size,
      header: 'unread',
      loss: step === null ? null : (opts.lossAt?.(step) ?? null),
      marked: step !== null && marked.has(step),
      chosen: step !== null && opts.chosen === step,
      samples: step === null ? [] : (samples.get(step) ?? []),
    });
  }
  entries.sort((a, b) => (a.step ?? Number.MAX_SAFE_INTEGER) - (b.step ?? Number.MAX_SAFE_INTEGER) || (a.final ? 1 : 0) - (b.final ? 1 : 0));

  if (unrecognised.length) {
    findings.push({
      rule: 'checkpoints.unrecognised',
      severity: 'info',
      files: unrecognised,
      message: `${unrecognised.length} .safetensors file(s) in the folder are not checkpoints of '${jobName}' (e.g. ${unrecognised[0]})`,
      fix: 'Split LoRAs (Wan 2.2 high/low noise), embeddings and adapters are not listed here.',
    });
  }
  const withCheckpoint = new Set(entries.map((e) => e.step));
  const orphanSteps = [...samples.keys()].filter((s) => !withCheckpoint.has(s) && s !== 0);
  if (orphanSteps.length) {
    findings.push({
      rule: 'checkpoints.samples-without-checkpoint',
      severity: 'info',
      files: [],
      message: `samples at step ${orphanSteps.slice(0, 6).join(', ')}${orphanSteps.length > 6 ? ', …' : ''} have no checkpoint`,
      fix: 'ai-toolkit deletes older saves beyond save.max_step_saves_to_keep, and samples can be more frequent than saves.',
      data: { steps: orphanSteps },
    });
  }
  let promptCount = 0;
  for (const list of samples.values()) for (const s of list) promptCount = Math.max(promptCount, s.index + 1);
  const prompts = folderFound && promptCount > 0 ? await samplePrompts(target, folder) : [];
  return {
    folder,
    jobName,
    checkpoints: entries,
    sampleSteps: [...samples.entries()].map(([step, list]) => ({ step, samples: list })),
    promptCount,
    prompts,
    findings,
  };
}

const promptsShape = z.object({
  config: z.object({
    process: z
      .array(z.object({ sample: z.object({ prompts: z.array(z.union([z.string(), z.object({ prompt: z.string() }).passthrough()])).optional() }).passthrough().optional() }).passthrough())
      .min(1),
  }),
});

/**
 * Sample prompts as the run used them: ai-toolkit writes config.yaml into the output folder after
 * `[name]` substitution (reference §2), and never writes the prompt next to the image.
 */
async function samplePrompts(target: Target, folder: string): Promise<string[]> {
  try {
    const text = (await target.readFile(posix.join(folder, 'config.yaml'))).toString('utf8');
    const parsed = promptsShape.safeParse(parseYaml(text));
    if (!parsed.success) return [];
    return (parsed.data.config.process[0].sample?.prompts ?? []).map((p) => (typeof p === 'string' ? p : p.prompt));
  } catch {
    return [];
  }
}

interface LocalFile {
  path: string;
  size: number;
  mtimeMs: number;
  complete: boolean;
  partial: boolean;
  step: number | null;
}

/** What is already in the project's loras/ folder: finished files and `.part` downloads. */
async function localCheckpoints(dir: string, jobName: string): Promise<Map<string, LocalFile>> {
  const out = new Map<string, LocalFile>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return out;
  }
  const { checkpoints } = checkpointFiles(
    names.filter((n) => n.endsWith('.safetensors')).map((n) => ({ name: n, size: 0, mtimeMs: 0 })),
    jobName,
  );
  for (const c of checkpoints) {
    const s = await stat(join(dir, c.file)).catch(() => null);
    if (s?.isFile()) out.set(c.file, { path: join(dir, c.file), size: s.size, mtimeMs: s.mtimeMs, complete: true, partial: false, step: c.nameStep });
  }
  for (const n of names) {
    if (!n.endsWith('.safetensors.part')) continue;
    const file = n.slice(0, -'.part'.length);
    if (out.has(file)) continue;
    const s = await stat(join(dir, n)).catch(() => null);
    const c = checkpointFiles([{ name: file, size: 0, mtimeMs: 0 }], jobName).checkpoints[0];
    if (s?.isFile() && c) out.set(file, { path: join(dir, n), size: s.size, mtimeMs: s.mtimeMs, complete: false, partial: true, step: c.nameStep });
  }
  return out;
}
