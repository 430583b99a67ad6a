import { datasetGate, gateRefusal } from '../dataset/gate.js';
import { scanDataset } from '../dataset/scan.js';
import type { RemoteLayout } from '../project/pod-layout.js';
import { remoteHashes } from '../remote/remote-hasher.js';
import { TargetError, type Target } from '../remote/target.js';
import { tempPath } from '../fs/temp-name.js';
import { hashFile, readManifest, walkRemote, type Manifest, type SyncEntry } from './sync-manifest.js';
import type { SyncProgress } from './sync-progress.js';

/** What an upload has to do: the local files, which of them to send, and what the target has that we do not. */
export interface SyncPlan {
  entries: SyncEntry[];
  todo: SyncEntry[];
  skipped: number;
  /** Remote files not in the local dataset (partial uploads of local files excepted). */
  extra: string[];
  /** Bytes already in each file's `.part` on the target: counted as done and continued. */
  partSizes: Map<string, number>;
  bytesTotal: number;
  manifest: Manifest;
}

interface CompareContext {
  target: Target;
  layout: RemoteLayout;
  datasetDir: string;
  report: (patch: Partial<SyncProgress>) => void;
  check: () => void;
}

/**
 * Images and their captions (the rest of the folder is not training data and stays home). Refuses the
 * whole upload while the dataset gate finds a link out of the dataset or a name that cannot travel:
 * sending the rest would leave the pod with a dataset the check never saw.
 */
async function localEntries(datasetDir: string): Promise<SyncEntry[]> {
  const scan = await scanDataset(datasetDir);
  const gate = datasetGate(scan);
  if (gate.length > 0) {
    const r = gateRefusal(gate);
    throw new TargetError('failed', `not uploading: ${r.message}`, r.hint);
  }
  return [
    ...scan.images.map((i) => ({ rel: i.rel, path: i.path, size: i.size })),
    ...scan.captions.map((c) => ({ rel: c.rel, path: c.path, size: c.size })),
  ];
}

/** Hash the files in four streams, saying which one is being read. */
async function hashAll(files: SyncEntry[], report: CompareContext['report']): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < files.length) {
        const f = files[next++];
        report({ current: f.rel });
        f.sha256 = await hashFile(f.path);
      }
    }),
  );
}

export async function compareWithTarget(c: CompareContext): Promise<SyncPlan> {
  const { target, layout } = c;
  c.report({ phase: 'comparing' });
  const [entries, manifest, remote] = await Promise.all([
    localEntries(c.datasetDir),
    target.mkdirp(layout.dataset).then(() => readManifest(target, layout.manifest)),
    target.mkdirp(layout.dataset).then(() => walkRemote(target, layout.dataset)),
  ]);
  c.check();
  const localSet = new Set(entries.map((f) => f.rel));

  // Only files whose remote copy already has the right size can be skipped, so only those are hashed up
  // front; everything else is hashed while it is read for sending (one pass over the bytes).
  const candidates = entries.filter((f) => remote.get(f.rel) === f.size);
  c.report({ phase: 'hashing' });
  await hashAll(candidates, c.report);
  c.check();
  c.report({ phase: 'comparing', current: undefined });
  const todo = entries.filter((f) => remote.get(f.rel) !== f.size);
  const unsure: SyncEntry[] = [];
  let skipped = 0;
  for (const f of candidates) {
    const m = manifest.files[f.rel];
    if (m && m.size === f.size && m.sha256 === f.sha256) skipped++;
    else unsure.push(f); // there with the right size but not (or differently) in the manifest
  }
  if (unsure.length > 0) {
    const hashes = await remoteHashes(target, layout.dataset, unsure.map((f) => f.rel));
    for (const f of unsure) {
      if (hashes.get(f.rel) === f.sha256) skipped++;
      else todo.push(f);
    }
  }
  const parts = new Set(entries.map((f) => tempPath(f.rel)));
  const extra = [...remote.keys()].filter((r) => !localSet.has(r) && !parts.has(r));

  const partSizes = new Map<string, number>();
  for (const f of todo) {
    const p = remote.get(tempPath(f.rel));
    if (p !== undefined && p <= f.size) partSizes.set(f.rel, p);
  }
  const bytesTotal = todo.reduce((sum, f) => sum + f.size - (partSizes.get(f.rel) ?? 0), 0);
  return { entries, todo, skipped, extra, partSizes, bytesTotal, manifest };
}
