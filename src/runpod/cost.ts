/**
 * What a pod costs: pure arithmetic over the API's hourly price and the time it has been running.
 * RunPod bills running time by the second; a stopped pod's volume costs far less and is left out here.
 */

export function hoursBetween(since: string | Date, now: Date): number {
  const t = typeof since === 'string' ? Date.parse(since) : since.getTime();
  if (!Number.isFinite(t)) return 0;
  return Math.max(0, (now.getTime() - t) / 3_600_000);
}

export function costSoFar(pricePerHr: number, since: string | Date, now: Date): number {
  return pricePerHr * hoursBetween(since, now);
}

/** Cost so far plus the remaining ETA at the same price. */
export function projectedTotal(pricePerHr: number, since: string | Date, now: Date, etaSeconds: number | null): number | null {
  if (etaSeconds === null || !Number.isFinite(etaSeconds) || etaSeconds < 0) return null;
  return costSoFar(pricePerHr, since, now) + pricePerHr * (etaSeconds / 3600);
}

export function formatUsd(n: number): string {
  return `$${n < 10 ? n.toFixed(2) : n.toFixed(1)}`;
}

/** `$1.23 so far · ~$4.50 at the ETA` (or just the first half without an ETA). */
export function costText(pricePerHr: number, since: string | Date, now: Date, etaSeconds: number | null): string {
  const so = `${formatUsd(costSoFar(pricePerHr, since, now))} so far`;
  const total = projectedTotal(pricePerHr, since, now, etaSeconds);
  return total === null ? so : `${so} · ~${formatUsd(total)} at the ETA`;
}
