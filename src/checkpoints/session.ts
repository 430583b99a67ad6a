import type { Project } from '../project/index.js';
import type { Target } from '../remote/target.js';
import { indexCheckpoints, type CheckpointIndex, type LossAt } from './checkpoint-index.js';
import type { HeaderResult } from '../ai-toolkit/safetensors.js';
import { checkpointSource, openSourceTarget, projectPaths, stepsPerEpoch, type CheckpointSource, type TargetOpener } from './source.js';

/** Loss series for a run: the smoothed loss around a step. Provided by the training layer. */
export type LossProvider = (project: Project, source: CheckpointSource, target: Target) => Promise<LossAt | undefined>;

export interface SessionDeps {
  sshOpener?: TargetOpener;
  lossProvider?: LossProvider;
}

export type OpenResult =
  | { ok: true; source: CheckpointSource; target: Target; lossAt?: LossAt }
  | { ok: false; message: string; fix: string };

/** Resolve where the checkpoints are and connect to it. Never throws. */
export async function openCheckpoints(project: Project, dir: string, opts: { folder?: string } & SessionDeps = {}): Promise<OpenResult> {
  const s = checkpointSource(project, dir, opts.folder);
  if (!s.ok) return s;
  let target: Target;
  try {
    target = await openSourceTarget(project, s.source, opts.sshOpener);
  } catch (e) {
    const hint = (e as { hint?: string }).hint;
    return { ok: false, message: (e as Error).message, fix: hint ?? "Check the pod with 'lorapilot pod doctor'." };
  }
  let lossAt: LossAt | undefined;
  try {
    lossAt = await opts.lossProvider?.(project, s.source, target);
  } catch {
    lossAt = undefined; // The loss column stays empty; the table is still useful.
  }
  return { ok: true, source: s.source, target, lossAt };
}

/** Index the project's checkpoints with its marks, choice and local copies. */
export function indexProject(project: Project, dir: string, open: { source: CheckpointSource; target: Target; lossAt?: LossAt }, opts: { readHeaders?: boolean; headerCache?: Map<string, HeaderResult>; signal?: AbortSignal } = {}): Promise<CheckpointIndex> {
  return indexCheckpoints({
    target: open.target,
    folder: open.source.folder,
    jobName: open.source.jobName,
    localDir: projectPaths(dir).loras,
    readHeaders: opts.readHeaders,
    stepsPerEpoch: stepsPerEpoch(project),
    totalSteps: project.config.steps,
    marked: project.checkpoints.marked,
    chosen: project.checkpoints.chosen?.step ?? null,
    lossAt: open.lossAt,
    headerCache: opts.headerCache,
    signal: opts.signal,
  });
}
