import { posix } from 'node:path';
import type { HeaderResult } from '../ai-toolkit/safetensors.js';
import { stripAnsi } from '../text/sanitize.js';
import type { CheckpointEntry, IndexOptions, Where } from './index-types.js';
import type { LocalFile } from './local-copies.js';
import { epochAtStep, finalStep, type PairedCheckpoint, type SampleRef } from './pairing.js';

/** What every entry takes from the run and the project, whatever its file. */
export interface EntryContext {
  folder: string;
  samples: ReadonlyMap<number, SampleRef[]>;
  /** Steps of the numbered checkpoints on the target (the final file's step is after them). */
  numberedSteps: readonly number[];
  marked: ReadonlySet<number>;
  opts: Pick<IndexOptions, 'stepsPerEpoch' | 'totalSteps' | 'chosen' | 'lossAt'>;
}

/** The step of a checkpoint on the target: its name, or for the final file its header, samples or config. */
function remoteStep(c: PairedCheckpoint, headerStep: number | null, ctx: EntryContext): Pick<CheckpointEntry, 'step' | 'stepSource'> {
  if (!c.final) return { step: c.nameStep, stepSource: 'name' };
  const f = finalStep({ headerStep, numberedSteps: ctx.numberedSteps, sampleSteps: [...ctx.samples.keys()], totalSteps: ctx.opts.totalSteps });
  return { step: f.step, stepSource: f.source };
}

function whereOf(local: LocalFile | undefined, size: number): Where {
  if (!local) return 'pod';
  if (local.partial) return 'partial';
  return local.size === size ? 'both' : 'differs';
}

/** The fields that follow from the step alone: loss, marks, choice, samples. */
function byStep(step: number | null, ctx: EntryContext): Pick<CheckpointEntry, 'loss' | 'marked' | 'chosen' | 'samples'> {
  if (step === null) return { loss: null, marked: false, chosen: false, samples: [] };
  return {
    loss: ctx.opts.lossAt?.(step) ?? null,
    marked: ctx.marked.has(step),
    chosen: ctx.opts.chosen === step,
    samples: ctx.samples.get(step) ?? [],
  };
}

export function remoteEntry(c: PairedCheckpoint, h: HeaderResult | undefined, local: LocalFile | undefined, ctx: EntryContext): CheckpointEntry {
  const info = h?.ok ? h.header.trainingInfo : null;
  const headerStep = info?.step ?? null;
  const { step, stepSource } = remoteStep(c, headerStep, ctx);
  const headerEpoch = info?.epoch ?? null;
  const mathEpoch = step === null ? null : epochAtStep(step, ctx.opts.stepsPerEpoch);
  return {
    file: c.file,
    remotePath: posix.join(ctx.folder, c.file),
    step,
    stepSource,
    headerStep,
    final: c.final,
    epoch: headerEpoch ?? mathEpoch,
    epochSource: headerEpoch !== null ? 'header' : mathEpoch !== null ? 'steps' : null,
    size: c.size,
    mtimeMs: c.mtimeMs,
    where: whereOf(local, c.size),
    localPath: local?.complete ? local.path : null,
    localBytes: local ? local.size : 0,
    header: h === undefined ? 'unread' : h.ok ? 'ok' : 'bad',
    headerProblem: h && !h.ok ? stripAnsi(h.message) : undefined,
    ...byStep(step, ctx),
  };
}

/** A checkpoint downloaded earlier and since removed on the pod (max_step_saves_to_keep): still choosable. */
export function localOnlyEntry(file: string, l: LocalFile, ctx: EntryContext): CheckpointEntry {
  const final = l.step === null;
  const step = final ? (ctx.opts.totalSteps ?? null) : l.step;
  return {
    file,
    remotePath: null,
    step,
    stepSource: final ? (step === null ? null : 'config') : 'name',
    headerStep: null,
    final,
    epoch: step === null ? null : epochAtStep(step, ctx.opts.stepsPerEpoch),
    epochSource: step === null || !ctx.opts.stepsPerEpoch ? null : 'steps',
    size: l.size,
    mtimeMs: l.mtimeMs,
    where: 'local',
    localPath: l.path,
    localBytes: l.size,
    header: 'unread',
    ...byStep(step, ctx),
  };
}

/** By step, the final file after a numbered one of the same step, unknown steps last. */
export function byStepOrder(a: CheckpointEntry, b: CheckpointEntry): number {
  return (a.step ?? Number.MAX_SAFE_INTEGER) - (b.step ?? Number.MAX_SAFE_INTEGER) || (a.final ? 1 : 0) - (b.final ? 1 : 0);
}
