import type { Pod } from './api-schema.js';

/** Where a pod's SSH answers: its public IP and the public port mapped to 22, or null while it has none. */
export function sshAddress(p: Pod): { host: string; port: number } | null {
  const port = p.portMappings?.['22'];
  if (!p.publicIp || !port) return null;
  return { host: p.publicIp, port };
}

export function sshSpec(p: Pod, user: string): string | null {
  const a = sshAddress(p);
  return a ? `${user}@${a.host}:${a.port}` : null;
}

/**
 * The pod's hourly price and when it last started. A public v2 client reads them as `cost` (0 while the
 * pod is stopped) and `startedAt`; the v1 names stay as a fallback until a reference page settles it.
 */
export function podPrice(p: Pod): number | undefined {
  return p.cost !== undefined && p.cost > 0 ? p.cost : p.costPerHr;
}

export function podSince(p: Pod): string | null {
  return p.startedAt ?? p.lastStartedAt ?? null;
}

/** A pod that is not billing for its GPU any more: stopping it again would do nothing. */
export function isStopped(p: Pod): boolean {
  return p.status === 'EXITED' || p.status === 'TERMINATED';
}

/** What is lost on terminate: the container disk always, the pod volume unless /workspace is a network volume. */
export function terminateLoss(p: Pod): string {
  return p.mounts?.network
    ? 'Terminating deletes the pod and its container disk; /workspace is a network volume and stays.'
    : 'Terminating deletes the pod, its container disk and its pod volume (/workspace: datasets, checkpoints, samples). Download what you need first.';
}
