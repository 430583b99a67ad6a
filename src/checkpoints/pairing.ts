import { parseCheckpointName, parseSampleName, type SampleName } from '../ai-toolkit/names.js';

/**
 * Pairing of checkpoint files with sample images by step (pure).
 * reference/ai-toolkit.md §2: sample step N pairs with checkpoint step N; the final `<name>.safetensors`
 * is saved after the loop and its samples carry step == train.steps.
 */

export interface ListedFile {
  name: string;
  size: number;
  mtimeMs: number;
}

export interface SampleRef extends SampleName {
  size: number;
  mtimeMs: number;
}

export interface PairedCheckpoint {
  file: string;
  size: number;
  mtimeMs: number;
  final: boolean;
  /** Step from the file name (null for the final file). */
  nameStep: number | null;
}

/** Split a folder listing into checkpoints of this job and files that look like checkpoints but are not. */
export function checkpointFiles(files: readonly ListedFile[], jobName: string): { checkpoints: PairedCheckpoint[]; unrecognised: string[] } {
  const checkpoints: PairedCheckpoint[] = [];
  const unrecognised: string[] = [];
  for (const f of files) {
    const n = parseCheckpointName(f.name, jobName);
    if (n) checkpoints.push({ file: f.name, size: f.size, mtimeMs: f.mtimeMs, final: n.final, nameStep: n.step });
    else if (f.name.endsWith('.safetensors')) unrecognised.push(f.name);
  }
  checkpoints.sort((a, b) => (a.final ? 1 : 0) - (b.final ? 1 : 0) || (a.nameStep ?? 0) - (b.nameStep ?? 0));
  return { checkpoints, unrecognised };
}

/**
 * Samples grouped by step, one image per prompt index. A run restarted into the same folder writes a
 * second set for the same step; the newest (by its millisecond stamp) wins, since it matches the
 * checkpoint now on disk.
 */
export function samplesByStep(files: readonly ListedFile[]): Map<number, SampleRef[]> {
  const best = new Map<string, SampleRef>();
  for (const f of files) {
    const s = parseSampleName(f.name);
    if (!s) continue;
    const key = `${s.step}:${s.index}`;
    const prev = best.get(key);
    if (!prev || s.timeMs > prev.timeMs) best.set(key, { ...s, size: f.size, mtimeMs: f.mtimeMs });
  }
  const byStep = new Map<number, SampleRef[]>();
  for (const s of best.values()) {
    const list = byStep.get(s.step) ?? [];
    list.push(s);
    byStep.set(s.step, list);
  }
  for (const list of byStep.values()) list.sort((a, b) => a.index - b.index);
  return new Map([...byStep.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * The step of the final checkpoint: its header when readable, else the last sample step beyond every
 * numbered checkpoint (the final sample set), else the configured step count.
 */
export function finalStep(opts: { headerStep: number | null; numberedSteps: readonly number[]; sampleSteps: readonly number[]; totalSteps?: number }): { step: number | null; source: 'header' | 'samples' | 'config' | null } {
  if (opts.headerStep !== null) return { step: opts.headerStep, source: 'header' };
  const lastNumbered = opts.numberedSteps.length ? Math.max(...opts.numberedSteps) : -1;
  const lastSample = opts.sampleSteps.length ? Math.max(...opts.sampleSteps) : -1;
  if (lastSample > lastNumbered) return { step: lastSample, source: 'samples' };
  if (opts.totalSteps !== undefined) return { step: opts.totalSteps, source: 'config' };
  return { step: null, source: null };
}

/** Completed epochs at a step, from the step math (ai-toolkit never prints epochs: reference §5). */
export function epochAtStep(step: number, stepsPerEpoch: number | undefined): number | null {
  if (!stepsPerEpoch || !Number.isFinite(stepsPerEpoch) || stepsPerEpoch <= 0) return null;
  // Checkpoint k holds k+1 optimizer updates (reference §5).
  return Math.floor((step + 1) / stepsPerEpoch + 1e-9);
}
