import { remoteDatasetPath, remoteLayout, type RemoteLayout } from '../project/pod-layout.js';
import { TargetError, type Target } from '../remote/target.js';
import { compareWithTarget } from './sync-compare.js';
import { manifestOf, writeManifest } from './sync-manifest.js';
import type { SyncProgress } from './sync-progress.js';
import { sendPlanned } from './sync-send.js';

/**
 * Dataset sync, like rsync but with what a flaky pod link needs:
 *  - incremental: a file whose size and SHA-256 match the remote manifest (and whose remote copy has that size) is skipped;
 *  - resumable: bytes go to `<file>.part`, which survives a dropped connection and is continued, then renamed;
 *  - verified: every uploaded `.part` is hashed on the target before the rename (while later files are
 *    still sending); a mismatch is sent again;
 *  - parallel: several files at once, spread over several SFTP channels;
 *  - safe: remote files are deleted only when asked (`--delete`).
 */

export { hashFile, manifestSchema, readManifest, walkRemote, type Manifest } from './sync-manifest.js';
export type { SyncProgress } from './sync-progress.js';

export interface SyncResult {
  uploaded: string[];
  skipped: number;
  /** Remote files not in the local dataset: deleted with `delete`, otherwise listed. */
  extra: string[];
  deleted: string[];
  bytesSent: number;
  /** Uploads that were continued from a `.part` or retried after a drop. */
  resumed: number;
  seconds: number;
  /** Time spent sending bytes (first to last upload), without scanning, hashing ahead and the final verification. */
  transferSeconds: number;
  layout: RemoteLayout;
}

export interface SyncOptions {
  target: Target;
  /** Local dataset folder. */
  datasetDir: string;
  /** Persistent root on the target and the project name: see remoteLayout. */
  root: string;
  project: string;
  /** The ai-toolkit config to place at layout.config (already rewritten for the target). */
  config?: string;
  delete?: boolean;
  parallel?: number;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Retries per file after a dropped connection. */
  retries?: number;
}

/** Remove the remote files that are not in the dataset. */
async function deleteExtra(target: Target, layout: RemoteLayout, extra: string[]): Promise<string[]> {
  const deleted: string[] = [];
  for (const rel of extra) {
    await target.remove(remoteDatasetPath(layout, rel));
    deleted.push(rel);
  }
  return deleted;
}

/** Place the config (rewritten for the target) unless the target already has exactly it. */
async function placeConfig(target: Target, path: string, config: string): Promise<void> {
  const current = await target.readFile(path).catch(() => null);
  if (current && current.toString('utf8') === config) return;
  await target.writeFile(`${path}.tmp`, config);
  await target.rename(`${path}.tmp`, path);
}

export async function syncDataset(opts: SyncOptions): Promise<SyncResult> {
  const t0 = Date.now();
  const { target } = opts;
  const layout = remoteLayout(opts.root, opts.project);
  // Measured on the link while the comparison runs (SshTarget: a few round trips).
  const parallelism = opts.parallel !== undefined ? Promise.resolve(opts.parallel) : (target.uploadParallelism?.() ?? Promise.resolve(4));
  parallelism.catch(() => {});
  const progress: SyncProgress = { phase: 'hashing', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, rate: 0, etaSeconds: null };
  const report = (patch: Partial<SyncProgress>) => {
    Object.assign(progress, patch);
    opts.onProgress?.({ ...progress });
  };
  const check = () => {
    if (opts.signal?.aborted) throw new TargetError('failed', 'upload cancelled');
  };

  const plan = await compareWithTarget({ target, layout, datasetDir: opts.datasetDir, report, check });
  report({ phase: 'uploading', filesTotal: plan.todo.length, bytesTotal: plan.bytesTotal, filesDone: 0, bytesDone: 0 });
  const sent = await sendPlanned({ target, layout, plan, parallelism, retries: opts.retries ?? 8, signal: opts.signal, report, check });

  let deleted: string[] = [];
  if (opts.delete && plan.extra.length > 0) {
    report({ phase: 'deleting' });
    deleted = await deleteExtra(target, layout, plan.extra);
  }
  const manifest = manifestOf(plan.entries);
  if (JSON.stringify(plan.manifest.files) !== JSON.stringify(manifest.files)) await writeManifest(target, layout.manifest, manifest);
  if (opts.config !== undefined) await placeConfig(target, layout.config, opts.config);
  report({ phase: 'done', current: undefined, etaSeconds: 0 });
  return {
    uploaded: sent.uploaded,
    skipped: plan.skipped,
    extra: opts.delete ? [] : plan.extra,
    deleted,
    bytesSent: sent.bytesSent,
    resumed: sent.resumed,
    seconds: (Date.now() - t0) / 1000,
    transferSeconds: sent.transferSeconds,
    layout,
  };
}
