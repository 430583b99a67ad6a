import { updateProject, type Project } from '../project/index.js';
import type { Pod } from '../runpod/api-schema.js';
import type { RunpodClient } from '../runpod/client.js';
import { RunpodError } from '../runpod/errors.js';
import { isStopped, podPrice, sshAddress, sshSpec, terminateLoss } from '../runpod/pod-state.js';

/**
 * Stop, start and terminate the project's RunPod pod, for `lorapilot pod stop|start|terminate`, the Pod
 * screen and the end of a run alike. A pod is asked first: one already stopped or terminated is never
 * stopped twice, and terminate is only done on the user's word after terminateQuestion.
 */

export type LifecycleOutcome = 'stopped' | 'already-stopped' | 'started' | 'already-running' | 'terminated' | 'already-gone';

export interface LifecycleResult {
  outcome: LifecycleOutcome;
  id: string;
  pod: Pod | null;
  message: string;
}

function describe(p: Pod): string {
  return `${p.name} (${p.id})`;
}

export async function stopProjectPod(dir: string, client: RunpodClient, id: string): Promise<LifecycleResult> {
  const before = await client.getPod(id);
  if (isStopped(before)) return { outcome: 'already-stopped', id, pod: before, message: `${describe(before)} is already ${before.status === 'EXITED' ? 'stopped' : 'terminated'}; nothing to do.` };
  const after = await client.stopPod(id);
  await updateProject(dir, (p) => {
    if (p.runpod?.podId === id) delete p.runpod.since;
  });
  return { outcome: 'stopped', id, pod: after, message: `Stopped ${describe(after)}: the GPU no longer bills; /workspace stays (its storage still costs a little).` };
}

/** Start a stopped pod; its public SSH port can change, so the host is recorded again once it runs. */
export async function startProjectPod(o: { dir: string; project: Project; client: RunpodClient; id: string; timeoutSeconds?: number; pollMs?: number; onWaiting?: (status: string) => void }): Promise<LifecycleResult> {
  const before = await o.client.getPod(o.id);
  if (before.status === 'TERMINATED') throw new RunpodError('not-found', `${describe(before)} was terminated; it cannot start again`, 'create a new one: lorapilot pod create');
  let pod = before.status === 'RUNNING' ? before : await o.client.startPod(o.id);
  const already = before.status === 'RUNNING';
  const t0 = Date.now();
  while (pod.status !== 'RUNNING' || !sshAddress(pod)) {
    if (Date.now() - t0 > (o.timeoutSeconds ?? 600) * 1000) throw new RunpodError('not-ready', `${describe(pod)} did not start running within ${o.timeoutSeconds ?? 600} s (it is ${pod.status})`, 'look at it in the RunPod console, or stop it: lorapilot pod stop');
    o.onWaiting?.(pod.status);
    await new Promise((r) => setTimeout(r, o.pollMs ?? 3000));
    pod = await o.client.getPod(o.id);
  }
  const host = sshSpec(pod, o.project.runpod?.sshUser ?? 'root');
  await updateProject(o.dir, (p) => {
    if (p.runpod?.podId !== o.id) return;
    if (!already || !p.runpod.since) p.runpod.since = new Date().toISOString();
    const price = podPrice(pod);
    if (price !== undefined) p.runpod.costPerHr = price;
    if (host) p.pod = { ...(p.pod ?? { root: '/workspace/lorapilot', stopPodWhenDone: false }), target: 'ssh', host };
  });
  return { outcome: already ? 'already-running' : 'started', id: o.id, pod, message: already ? `${describe(pod)} is already running${host ? ` at ${host}` : ''}.` : `Started ${describe(pod)}${host ? ` at ${host}` : ''}.` };
}

/** The question every face asks before a terminate, with what is lost; null when the pod is already gone. */
export async function terminateQuestion(client: RunpodClient, id: string): Promise<{ pod: Pod; question: string; loss: string } | null> {
  const pod = await client.getPod(id).catch((e: unknown) => {
    if (e instanceof RunpodError && e.kind === 'not-found') return null;
    throw e;
  });
  if (!pod || pod.status === 'TERMINATED') return null;
  return { pod, question: `Terminate ${describe(pod)}?`, loss: terminateLoss(pod) };
}

export async function terminateProjectPod(dir: string, client: RunpodClient, id: string): Promise<LifecycleResult> {
  const q = await terminateQuestion(client, id);
  const forget = () =>
    updateProject(dir, (p) => {
      if (p.runpod?.podId !== id) return;
      delete p.runpod.podId;
      delete p.runpod.since;
    });
  if (!q) {
    await forget();
    return { outcome: 'already-gone', id, pod: null, message: `Pod ${id} is already terminated.` };
  }
  await client.terminatePod(id);
  await forget();
  return { outcome: 'terminated', id, pod: q.pod, message: `Terminated ${describe(q.pod)}.` };
}
