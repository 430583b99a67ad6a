import { z } from 'zod';
import type { Project } from '../project/index.js';
import type { Pod } from '../runpod/api-schema.js';
import { podPrice, podSince } from '../runpod/pod-state.js';
import { costSoFar, costText, formatUsd } from '../runpod/cost.js';
import type { RunpodError } from '../runpod/errors.js';
import { stripAnsi } from '../text/sanitize.js';
import { formatDuration } from '../text/format.js';
import type { CreateOutcome, CreateProgress } from './pod-create.js';
import type { LifecycleResult } from './pod-lifecycle.js';

/** RunPod pods as every face tells them: `pod list` rows, create progress, and the --json shapes. */

const clean = (s: string) => stripAnsi(s);

export const podRowJson = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  gpu: z.string().nullable(),
  costPerHr: z.number().nullable(),
  since: z.string().nullable(),
  costSoFar: z.number().nullable(),
});
export type PodRowJson = z.infer<typeof podRowJson>;

export function podRow(p: Pod, now: Date): PodRowJson {
  const running = p.status === 'RUNNING';
  const started = podSince(p);
  const since = started ? clean(started) : null;
  const price = podPrice(p);
  return {
    id: clean(p.id),
    name: clean(p.name),
    status: p.status,
    gpu: p.gpu ? clean(p.gpu.id) : null,
    costPerHr: price ?? null,
    since,
    costSoFar: running && since && price !== undefined ? Math.round(costSoFar(price, since, now) * 100) / 100 : null,
  };
}

export const podListJson = z.strictObject({ ok: z.literal(true), pods: z.array(podRowJson) });

export function podListLines(rows: PodRowJson[], now: Date, projectPod?: string): string[] {
  if (rows.length === 0) return ['No pods on this RunPod account.'];
  const lines = rows.map((r) => {
    const mark = r.id === projectPod ? '*' : ' ';
    const price = r.costPerHr !== null ? `${formatUsd(r.costPerHr)}/h` : '?/h';
    const since = r.since && r.status === 'RUNNING' ? `running ${formatDuration(Math.max(0, (now.getTime() - Date.parse(r.since)) / 1000))} (since ${r.since.slice(0, 16).replace('T', ' ')} UTC)` : r.status.toLowerCase();
    const cost = r.costSoFar !== null ? `, ${formatUsd(r.costSoFar)} so far` : '';
    return `${mark} ${r.id.padEnd(16)} ${r.name.slice(0, 24).padEnd(24)} ${(r.gpu ?? '-').padEnd(14)} ${price.padEnd(9)} ${since}${cost}`;
  });
  return projectPod && rows.some((r) => r.id === projectPod) ? [...lines, '', "* this project's pod"] : lines;
}

export const lifecycleJson = z.strictObject({
  ok: z.literal(true),
  outcome: z.enum(['stopped', 'already-stopped', 'started', 'already-running', 'terminated', 'already-gone']),
  id: z.string(),
  status: z.string().nullable(),
  message: z.string(),
});

export function lifecycleJsonOf(r: LifecycleResult): z.infer<typeof lifecycleJson> {
  return { ok: true, outcome: r.outcome, id: r.id, status: r.pod?.status ?? null, message: r.message };
}

export const runpodErrorJson = z.strictObject({
  ok: z.literal(false),
  error: z.string(),
  message: z.string(),
  hint: z.string().nullable(),
  alternatives: z.array(z.string()),
});

export function runpodErrorJsonOf(e: RunpodError): z.infer<typeof runpodErrorJson> {
  return { ok: false, error: e.kind, message: clean(e.message), hint: e.hint ?? null, alternatives: e.alternatives.map(clean) };
}

export const createJson = z.strictObject({
  ok: z.literal(true),
  id: z.string(),
  host: z.string(),
  costPerHr: z.number().nullable(),
  doctor: z.strictObject({ ok: z.number().int(), warn: z.number().int(), fail: z.number().int() }),
});

export function createJsonOf(o: CreateOutcome): z.infer<typeof createJson> {
  return { ok: true, id: clean(o.pod.id), host: o.host, costPerHr: o.costPerHr, doctor: o.doctor.summary };
}

export function createProgressText(p: CreateProgress): string {
  switch (p.phase) {
    case 'creating':
      return 'Asking RunPod for the pod…';
    case 'created':
      return `Created pod ${clean(p.pod.id)}${p.costPerHr !== null ? ` (${formatUsd(p.costPerHr)}/h)` : ''}; recorded in lorapilot.yaml. Waiting for it to run…`;
    case 'starting':
      return `  ${p.status.toLowerCase()}… ${p.waitedSeconds} s`;
    case 'ssh':
      return `  waiting for SSH at ${p.host}… ${p.waitedSeconds} s`;
    case 'doctor':
      return `SSH answers at ${p.host}. Running the doctor…`;
  }
}

/** The project's pod cost for `status` and the Monitor header: so far, and the total at the ETA; null without a running pod. */
export function podCostText(project: Pick<Project, 'runpod'> | null | undefined, now: Date, etaSeconds: number | null): string | null {
  const r = project?.runpod;
  if (!r?.podId || r.costPerHr === undefined || !r.since) return null;
  return costText(r.costPerHr, r.since, now, etaSeconds);
}

/** `status`: the project's pod, its price, its cost so far while it runs and the total at the run's ETA when one is known. */
export function runpodStatusLines(project: Pick<Project, 'runpod'>, now: Date, etaSeconds: number | null = null): string[] {
  const r = project.runpod;
  if (!r?.podId) return [];
  const price = r.costPerHr !== undefined ? `, ${formatUsd(r.costPerHr)}/h` : '';
  const cost = podCostText(project, now, etaSeconds);
  return [`runpod   pod ${clean(r.podId)}${price}${r.since ? '' : ' (stopped)'}`, ...(cost ? [`pod cost ${cost}`] : [])];
}
