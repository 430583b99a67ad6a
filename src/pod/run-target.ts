import { updateProject, type Project } from '../project/index.js';
import { LocalTarget } from '../remote/local-target.js';
import type { Target } from '../remote/target.js';
import { openTarget, type ConnectOptions } from './pod-service.js';

/**
 * Where the project's run is, one rule for every face (stop, attach, monitor, checkpoints, the Pod screen):
 * a run launched on this machine (`job.host: local`) stays here; any other run is on the pod, reached through
 * the project's own pod host (a ~/.ssh/config alias keeps its key and port) and else the host it ran on.
 * Without a run, the project's pod is the place (pod.target: local means this machine).
 */
export type RunPlace = { local: true } | { local: false; host: string | null };

export function runPlace(project: Pick<Project, 'pod' | 'job'>, jobHost: string | undefined = project.job?.host): RunPlace {
  if (jobHost === 'local') return { local: true };
  if (jobHost === undefined && project.pod?.target === 'local') return { local: true };
  return { local: false, host: project.pod?.host ?? jobHost ?? null };
}

/** True when both places are the same machine (so one connection serves both). */
export function samePlace(a: RunPlace, b: RunPlace): boolean {
  return a.local ? b.local : !b.local && a.host === b.host;
}

/** A connected target where the project's run is (see runPlace). Throws TargetError when it cannot connect. */
export async function openRunTarget(project: Project, opts: Omit<ConnectOptions, 'host'> & { jobHost?: string } = {}): Promise<Target> {
  const { jobHost, ...connect } = opts;
  const where = runPlace(project, jobHost ?? project.job?.host);
  if (where.local) return new LocalTarget();
  // Without any host, openTarget says how to give one.
  return openTarget(project, { ...connect, host: where.host ?? undefined });
}

/** The project's pod is now `host` over SSH (the rest of the pod section stays). */
export function withPodHost(p: Project, host: string): void {
  p.pod = { ...(p.pod ?? { root: '/workspace/lorapilot', stopPodWhenDone: false }), target: 'ssh', host };
}

/** Remember a pod host the user gave, unless it is the one already recorded. */
export async function rememberPodHost(dir: string, project: Project, host: string): Promise<Project> {
  if (project.pod?.target === 'ssh' && project.pod.host === host) return project;
  return updateProject(dir, (p) => withPodHost(p, host));
}
