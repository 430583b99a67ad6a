import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { updateProject, type Project } from '../project/index.js';
import { sshPaths } from '../remote/ssh-config.js';
import type { Pod } from '../runpod/api-schema.js';
import type { RunpodClient } from '../runpod/client.js';
import { costSoFar, formatUsd } from '../runpod/cost.js';
import { alternatives, catalogPrice, createRequest, type CreateChoices } from '../runpod/create-request.js';
import { RunpodError } from '../runpod/errors.js';
import { podPrice, sshAddress, sshSpec } from '../runpod/pod-state.js';
import type { DoctorReport } from './doctor.js';
import { recordDoctor } from './doctor-report.js';
import { doctorFor, openTarget, type ConnectOptions } from './pod-service.js';
import { sshGreets } from './ssh-wait.js';
import { stopWhenDone } from './stop-when-done.js';

/**
 * `lorapilot pod create` and the Pod screen's create: ask RunPod for the pod, record it at once (so a pod
 * that fails to come up is never forgotten while it bills), wait until it runs and SSH answers, connect
 * with the user's word on the host key, record the host and run the doctor.
 */

export type CreateProgress =
  | { phase: 'creating' }
  | { phase: 'created'; pod: Pod; costPerHr: number | null }
  | { phase: 'starting'; status: string; waitedSeconds: number }
  | { phase: 'ssh'; host: string; waitedSeconds: number }
  | { phase: 'doctor'; host: string };

export interface CreateOutcome {
  pod: Pod;
  host: string;
  costPerHr: number | null;
  doctor: DoctorReport;
  /** A run launched now stops this pod when it ends (see stopWhenDone). */
  stopsWhenDone: boolean;
}

export interface CreateOptions {
  dir: string;
  project: Project;
  client: RunpodClient;
  choices: Omit<CreateChoices, 'publicKey' | 'template'> & { templateId?: string };
  /** The user SSH logs in as (RunPod images: root). */
  user?: string;
  connect: Omit<ConnectOptions, 'host'>;
  env: NodeJS.ProcessEnv;
  /** How long the pod may take to run and answer SSH. */
  readyTimeoutSeconds?: number;
  pollMs?: number;
  onProgress?: (p: CreateProgress) => void;
}

/** The public key the image's start script authorises: the identity's .pub, else the usual ones. */
export async function publicKeyFor(identity: string | undefined, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const dir = sshPaths(env).dir;
  const candidates = [...(identity ? [`${identity}.pub`] : []), join(dir, 'id_ed25519.pub'), join(dir, 'id_ecdsa.pub'), join(dir, 'id_rsa.pub')];
  for (const f of candidates) {
    const text = await readFile(f, 'utf8').then((t) => t.trim(), () => '');
    if (/^(ssh-|ecdsa-)\S+ \S+/.test(text)) return text;
  }
  return undefined;
}

/** A project rents one pod at a time: a second create would leave the first billing, unrecorded. */
async function refuseSecondPod(client: RunpodClient, id: string | undefined): Promise<void> {
  if (!id) return;
  const existing = await client.getPod(id).catch((e: unknown) => {
    if (e instanceof RunpodError && e.kind === 'not-found') return null;
    throw e;
  });
  if (existing && existing.status !== 'TERMINATED') {
    throw new RunpodError('rejected', `this project already has pod ${id} (${existing.status.toLowerCase()}); no second pod was created`, 'use it (lorapilot pod start), or terminate it first: lorapilot pod terminate');
  }
}

export async function createProjectPod(o: CreateOptions): Promise<CreateOutcome> {
  const { client, choices } = o;
  await refuseSecondPod(client, o.project.runpod?.podId);
  const catalog = await client.gpuTypes();
  const publicKey = await publicKeyFor(o.connect.identity ?? o.project.pod?.identity, o.env);
  const template = choices.templateId ? await client.getTemplate(choices.templateId) : undefined;
  o.onProgress?.({ phase: 'creating' });
  let pod: Pod;
  try {
    pod = await client.createPod(createRequest({ ...choices, publicKey, template }));
  } catch (e) {
    if (e instanceof RunpodError && e.kind === 'no-capacity') {
      const alt = alternatives(catalog, choices.gpu, choices.cloud).map((g) => {
        const price = catalogPrice(catalog, g.id, choices.cloud);
        return `${g.id}${price !== null ? ` (${formatUsd(price)}/h)` : ''}`;
      });
      const other = choices.cloud === 'SECURE' ? 'COMMUNITY' : 'SECURE';
      throw new RunpodError('no-capacity', `${e.message}. No pod was created.`, alt.length ? `try another GPU type with --gpu: ${alt.join(', ')}` : `try the ${other.toLowerCase()} cloud (--cloud ${other.toLowerCase()}) or later`, alt);
    }
    throw e;
  }
  const costPerHr = podPrice(pod) ?? catalogPrice(catalog, choices.gpu, choices.cloud);
  const since = new Date().toISOString();
  await updateProject(o.dir, (p) => {
    p.runpod = { ...p.runpod, podId: pod.id, gpu: choices.gpu, cloud: choices.cloud, since, ...(costPerHr !== null ? { costPerHr } : {}), ...(o.user ? { sshUser: o.user } : {}) };
  });
  o.onProgress?.({ phase: 'created', pod, costPerHr });

  const t0 = Date.now();
  const timeoutMs = (o.readyTimeoutSeconds ?? 600) * 1000;
  const pollMs = o.pollMs ?? (Number(o.env.LORAPILOT_RUNPOD_POLL_MS) || 3000);
  const waited = () => Math.round((Date.now() - t0) / 1000);
  const notReady = (why: string) => {
    const cost = costPerHr !== null ? `, about ${formatUsd(costSoFar(costPerHr, since, new Date()))} so far at ${formatUsd(costPerHr)}/h` : '';
    return new RunpodError('not-ready', `pod ${pod.id} ${why} within ${Math.round(timeoutMs / 1000)} s; it exists and bills${cost}`, `terminate it (lorapilot pod terminate ${pod.id}) or wait and run lorapilot pod doctor`);
  };
  let address = sshAddress(pod);
  while (pod.status !== 'RUNNING' || !address) {
    if (pod.status === 'ERROR' || pod.status === 'TERMINATED' || pod.status === 'EXITED') throw notReady(`went ${pod.status} instead of running`);
    if (Date.now() - t0 > timeoutMs) throw notReady('did not start running with a public SSH port');
    o.onProgress?.({ phase: 'starting', status: pod.status, waitedSeconds: waited() });
    await new Promise((r) => setTimeout(r, pollMs));
    pod = await client.getPod(pod.id);
    address = sshAddress(pod);
  }
  const host = sshSpec(pod, o.user ?? o.project.runpod?.sshUser ?? 'root') as string;
  while (!(await sshGreets(address.host, address.port))) {
    if (Date.now() - t0 > timeoutMs) throw notReady(`runs but SSH at ${address.host}:${address.port} did not answer`);
    o.onProgress?.({ phase: 'ssh', host, waitedSeconds: waited() });
    await new Promise((r) => setTimeout(r, pollMs));
  }
  // Recorded before connecting, so `lorapilot pod doctor` reaches the pod even when this connect is refused.
  await updateProject(o.dir, (p) => {
    p.pod = { ...(p.pod ?? { root: '/workspace/lorapilot', stopPodWhenDone: false }), target: 'ssh', host };
  });
  // The host key is accepted only on the user's word: openTarget asks through confirmHostKey (or --accept-new).
  const target = await openTarget(o.project, { ...o.connect, host }).catch((e: unknown) => {
    const why = e instanceof Error ? e.message : String(e);
    throw new RunpodError('not-ready', `pod ${pod.id} runs at ${host}, but lorapilot could not connect: ${why}. It bills at ${costPerHr !== null ? `${formatUsd(costPerHr)}/h` : 'its hourly price'}`, `connect with lorapilot pod doctor (in a terminal it shows the host key to trust; --accept-new trusts a new one), or terminate it: lorapilot pod terminate ${pod.id}`);
  });
  try {
    o.onProgress?.({ phase: 'doctor', host });
    const doctor = await doctorFor(target, o.project, o.env, o.dir);
    const recorded = await recordDoctor(o.dir, doctor, host);
    return { pod, host, costPerHr, doctor, stopsWhenDone: await stopWhenDone(recorded, o.env) };
  } finally {
    await target.close();
  }
}
