import type { CheckpointEntry, CheckpointIndex } from './index-types.js';
import { missingStepsMessage, resolveSteps, type StepArg } from './steps.js';

export type DownloadPick =
  | { ok: true; entries: CheckpointEntry[] }
  | { ok: false; reason: 'missing'; message: string }
  | { ok: false; reason: 'nothing-marked'; message: string };

/**
 * Which checkpoints a download takes, for the command and the screen alike: the steps named, else every
 * marked one. Those already in loras/ are included: the download verifies them and reports them as
 * already there, so "download the marked ones" always ends with each of them checked locally.
 * `marked` is the project's current list (a screen's index can be older than the last mark).
 */
export function checkpointsToDownload(index: CheckpointIndex, marked: readonly number[], steps: readonly StepArg[] = []): DownloadPick {
  if (steps.length) {
    const { entries, missing } = resolveSteps(index, steps);
    if (missing.length) return { ok: false, reason: 'missing', message: missingStepsMessage(index, missing) };
    return { ok: true, entries };
  }
  const m = new Set(marked);
  const entries = index.checkpoints.filter((c) => c.step !== null && m.has(c.step));
  if (entries.length === 0) return { ok: false, reason: 'nothing-marked', message: "nothing to download: name the steps, or mark some with 'lorapilot checkpoints mark STEP'" };
  return { ok: true, entries };
}
