import { stat } from 'node:fs/promises';
import type { Project } from '../project/index.js';
import { loadSnapshot, monitorSnapshotPlace } from './snapshot.js';

/**
 * The ETA of the project's run as the monitor last computed it (its local snapshot), counted down by
 * the time since the snapshot was written, so `status` can project the pod's total without reaching
 * the pod. Null when no monitor has watched this run, or the run is no longer going.
 */
export async function recordedEta(dir: string, project: Pick<Project, 'job'>, now: Date): Promise<number | null> {
  const job = project.job;
  if (!job) return null;
  const place = monitorSnapshotPlace(dir, job);
  const [snap, st] = await Promise.all([loadSnapshot(place.file, place.key), stat(place.file).catch(() => null)]);
  const s = snap?.model.state;
  if (!s || !st || (s.status !== 'running' && s.status !== 'starting')) return null;
  return remainingEta(s.eta, st.mtime, now);
}

/** An ETA read at `at`, as it stands at `now` (never below zero: a late run is due now, not in the past). */
export function remainingEta(eta: number | null, at: Date, now: Date): number | null {
  if (eta === null || !Number.isFinite(eta)) return null;
  return Math.max(0, eta - Math.max(0, (now.getTime() - at.getTime()) / 1000));
}
