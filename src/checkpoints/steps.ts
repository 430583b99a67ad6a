import type { Project } from '../project/index.js';
import type { CheckpointEntry, CheckpointIndex } from './index-types.js';
import { indexProject, openCheckpoints, type SessionDeps } from './session.js';

/** A step as the user names it: a number (as in the file name) or `final`. */
export type StepArg = number | 'final';

/** null when the text is neither a step number nor `final`. */
export function parseStepArg(s: string): StepArg | null {
  if (s === 'final') return 'final';
  return /^\d+$/.test(s) ? Number(s) : null;
}

/** The entry a step names: `final` is the final file; a number prefers the numbered file of that step. */
export function findStep(index: CheckpointIndex, s: StepArg): CheckpointEntry | undefined {
  if (s === 'final') return index.checkpoints.find((c) => c.final);
  return index.checkpoints.find((c) => c.step === s && !c.final) ?? index.checkpoints.find((c) => c.step === s);
}

/** The entries the steps name, each once, in the order named; the steps with no checkpoint. */
export function resolveSteps(index: CheckpointIndex, steps: readonly StepArg[]): { entries: CheckpointEntry[]; missing: string[] } {
  const entries: CheckpointEntry[] = [];
  const missing: string[] = [];
  for (const s of steps) {
    const e = findStep(index, s);
    if (!e) missing.push(String(s));
    else if (!entries.includes(e)) entries.push(e);
  }
  return { entries, missing };
}

export function availableSteps(index: CheckpointIndex): string {
  return index.checkpoints.map((c) => (c.final ? `final (${c.step ?? '?'})` : String(c.step))).join(', ') || 'none';
}

export function missingStepsMessage(index: CheckpointIndex, missing: readonly string[]): string {
  return `no checkpoint at ${missing.join(', ')}; available: ${availableSteps(index)}`;
}

export type KnownSteps = { ok: true; steps: number[]; warning?: string } | { ok: false; message: string };

/**
 * Step numbers for marking and choosing, checked against the checkpoints when they can be reached.
 * Unreachable, plain numbers are taken as given (with a warning); `final` needs the index.
 */
export async function knownSteps(project: Project, dir: string, steps: readonly StepArg[], opts: { folder?: string } & SessionDeps): Promise<KnownSteps> {
  const r = await openCheckpoints(project, dir, opts);
  if (!r.ok) {
    if (steps.includes('final')) return { ok: false, message: `cannot resolve 'final' without reaching the checkpoints: ${r.message}` };
    return { ok: true, steps: steps as number[], warning: `could not check the steps against the pod (${r.message})` };
  }
  try {
    const index = await indexProject(project, dir, r, { readHeaders: steps.includes('final') });
    const { entries, missing } = resolveSteps(index, steps);
    if (missing.length) return { ok: false, message: missingStepsMessage(index, missing) };
    const found = entries.map((e) => e.step);
    if (found.some((s) => s === null)) return { ok: false, message: 'the final checkpoint has no known step (no training_info, no samples, no config.steps)' };
    return { ok: true, steps: found as number[] };
  } finally {
    await r.target.close();
  }
}
