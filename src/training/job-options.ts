import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { updateProject, type Project } from '../project/index.js';
import { findPython } from '../pod/job.js';
import { jobRun, projectRoot } from '../pod/pod-service.js';
import type { Target } from '../remote/target.js';
import type { MonitorOptions } from './monitor.js';
import { DEFAULT_STALL_MINUTES } from './stall.js';
import type { RunSnapshot } from './run-model.js';
import { monitorSnapshotPlace } from './snapshot.js';

/** Where fetched sample images of a job are kept on this machine. */
export function sampleCacheDir(dir: string, jobName: string): string {
  return join(dir, '.lorapilot', 'cache', 'samples', jobName.replace(/[^A-Za-z0-9_.-]/g, '_'));
}

/** Steps per epoch from the project's step math (config steps ÷ epochs), when it has both. */
export function projectStepsPerEpoch(project: Project | null): number | null {
  const c = project?.config;
  if (!c?.steps || !c.epochs) return null;
  return Math.max(1, Math.round(c.steps / c.epochs));
}

/**
 * How to follow the project's recorded run (project.job, written by `lorapilot train`): its log and
 * run files on the target, its ai-toolkit folder for samples and loss_log.db, the pod's disk.
 * The whole log is read (from byte 0) so the chart shows the whole run; the stored offset is kept
 * up to date by the caller.
 */
export async function jobMonitorOptions(dir: string, project: Project, target: Target): Promise<Omit<MonitorOptions, 'follow'>> {
  const job = project.job;
  if (!job) throw new Error('no training run recorded in this project');
  const aiToolkit = project.pod?.aiToolkit;
  const python = aiToolkit ? await findPython(target, aiToolkit).catch(() => 'python3') : 'python3';
  const remote = target.kind === 'ssh';
  return {
    target,
    log: job.log,
    from: 0,
    jobName: job.name,
    output: job.output ?? null,
    run: jobRun(job),
    python,
    sampleCache: remote ? sampleCacheDir(dir, job.name) : null,
    gpu: remote,
    disk: remote ? projectRoot(project) : null,
    stepsPerEpoch: projectStepsPerEpoch(project),
    stallMs: projectStallMs(project),
    snapshot: monitorSnapshotPlace(dir, job),
    history: true,
  };
}

/** lorapilot.yaml `pod.stallMinutes`: how long a live run's log may stay silent before it is flagged. */
export function projectStallMs(project: Project): number {
  return (project.pod?.stallMinutes ?? DEFAULT_STALL_MINUTES) * 60_000;
}


/** ai-toolkit's UI keeps `log.txt` inside the job folder: a replayed log there also has its samples and loss_log.db. */
export async function replayOutputFolder(file: string): Promise<string | null> {
  const dir = dirname(file);
  const has = async (p: string) => (await stat(join(dir, p)).catch(() => null)) !== null;
  return (await has('samples')) || (await has('loss_log.db')) ? dir : null;
}

/** Record the monitor step's conclusion in the project, for the wizard's step marks. */
export async function recordMonitorProgress(dir: string, snap: RunSnapshot): Promise<void> {
  const at = new Date().toISOString();
  const status = snap.status === 'finished' ? 'done' : snap.status === 'running' || snap.status === 'starting' ? 'todo' : 'attention';
  const summary =
    snap.status === 'finished'
      ? `training finished at step ${snap.count}/${snap.total ?? '?'}`
      : snap.status === 'failed'
        ? `training failed (exit ${snap.exitCode})${snap.error ? `: ${snap.error.message}` : ''}`
        : snap.status === 'stopped'
          ? `training stopped at step ${snap.count}`
          : snap.status === 'died'
            ? 'the trainer died without an exit code'
            : `training at step ${snap.count}/${snap.total ?? '?'}`;
  await updateProject(dir, (p) => {
    p.progress.monitor = { status, at, summary };
  }).catch(() => {});
}
