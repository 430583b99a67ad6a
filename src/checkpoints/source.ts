import { join, posix, resolve } from 'node:path';
import type { Project } from '../project/index.js';
import { jobOutputFolder, remoteLayout } from '../project/pod-layout.js';
import { LocalTarget } from '../remote/local-target.js';
import type { Target } from '../remote/target.js';

/** Where a project's checkpoints are: ai-toolkit's training_folder/<name> of the launched job. */
export interface CheckpointSource {
  folder: string;
  jobName: string;
  /** The folder is on this machine (a local run, or --folder). */
  local: boolean;
  /** Label for messages: `local`, or the job's host. */
  host: string;
}

export type SourceResult = { ok: true; source: CheckpointSource } | { ok: false; message: string; fix: string };

export function checkpointSource(project: Project, dir: string, folder?: string): SourceResult {
  if (folder) {
    const abs = resolve(dir, folder);
    return { ok: true, source: { folder: abs, jobName: project.job?.name ?? project.name, local: true, host: 'local' } };
  }
  const job = project.job;
  if (!job) {
    return {
      ok: false,
      message: 'no training run is recorded in lorapilot.yaml yet',
      fix: "Launch one with 'lorapilot train', or point at an ai-toolkit output folder with --folder DIR.",
    };
  }
  const local = job.host === 'local' || project.pod?.target === 'local';
  // reference/ai-toolkit.md §2: files go to training_folder/<config.name>.
  const out = job.output ?? jobOutputFolder(remoteLayout(project.pod?.root ?? '/workspace/lorapilot', project.name), job.name);
  return { ok: true, source: { folder: local ? resolve(dir, out) : posix.normalize(out), jobName: job.name, local, host: job.host } };
}

/** The project's own folders for checkpoints and cached sample images. */
export function projectPaths(dir: string): { loras: string; sampleCache: string; plan: string } {
  return { loras: join(dir, 'loras'), sampleCache: join(dir, '.lorapilot', 'cache', 'samples'), plan: join(dir, 'comfy-plan') };
}

/** Steps per epoch from the config choices (reference §5: epochs are derived, never configured). */
export function stepsPerEpoch(project: Project): number | undefined {
  const { steps, epochs } = project.config;
  return steps && epochs ? steps / epochs : undefined;
}

export type TargetOpener = (project: Project, source: CheckpointSource) => Promise<Target>;

/** Opens the target that holds the checkpoints; SSH targets are opened by the pod layer's opener. */
export async function openSourceTarget(project: Project, source: CheckpointSource, sshOpener?: TargetOpener): Promise<Target> {
  if (source.local) return new LocalTarget();
  if (!sshOpener) throw new Error(`cannot reach ${source.host}: this build has no SSH support`);
  return sshOpener(project, source);
}
