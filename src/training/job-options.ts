import { join } from 'node:path';
import type { Project } from '../project/index.js';
import { findPython } from '../remote/job.js';
import { jobRun, projectRoot } from '../remote/pod-service.js';
import type { Target } from '../remote/target.js';
import type { MonitorOptions } from './monitor.js';

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
  };
}
