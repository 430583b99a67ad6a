import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import { z } from 'zod';
import { scanDataset } from '../dataset/scan.js';
import { remoteLayout, type RemoteLayout } from '../project/pod-layout.js';
import { RemoteHasher, remoteHashes } from '../remote/remote-hasher.js';
import { TargetError, type Target } from '../remote/target.js';

/**
 * Dataset sync, like rsync but with what a flaky pod link needs:
 *  - incremental: a file whose size and SHA-256 match the remote manifest (and whose remote copy has that size) is skipped;
 *  - resumable: bytes go to `<file>.part`, which survives a dropped connection and is continued, then renamed;
 *  - verified: every uploaded `.part` is hashed on the target before the rename (while later files are
 *    still sending); a mismatch is sent again;
 *  - parallel: several files at once, spread over several SFTP channels;
 *  - safe: remote files are deleted only when asked (`--delete`).
 */

export const manifestSchema = z.object({
  version: z.literal(1),
  files: z.record(z.string(), z.object({ size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type Manifest = z.infer<typeof manifestSchema>;

export interface LocalFile {
  /** POSIX path relative to the dataset root. */
  rel: string;
  path: string;
  size: number;
  sha256: string;
}

export interface SyncProgress {
  phase: 'hashing' | 'comparing' | 'uploading' | 'verifying' | 'deleting' | 'done';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second, smoothed; 0 until measured. */
  rate: number;
  /** Seconds left, null until a rate is known. */
  etaSeconds: number | null;
  current?: string;
}

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

export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Images and their captions (the rest of the folder is not training data and stays home). */
export async function localDatasetFiles(datasetDir: string, onFile?: (rel: string) => void): Promise<LocalFile[]> {
  const scan = await scanDataset(datasetDir);
  const entries = [...scan.images.map((i) => ({ rel: i.rel, path: i.path, size: i.size })), ...scan.captions.map((c) => ({ rel: c.rel, path: c.path, size: c.size }))];
  entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const out: LocalFile[] = [];
  let i = 0;
  const worker = async () => {
    while (i < entries.length) {
      const e = entries[i++];
      onFile?.(e.rel);
      out.push({ ...e, rel: e.rel.split('\\').join('/'), sha256: await hashFile(e.path) });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return out;
}

export async function readManifest(target: Target, path: string): Promise<Manifest> {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse((await target.readFile(path)).toString('utf8')));
    return parsed.success ? parsed.data : { version: 1, files: {} };
  } catch (e) {
    if (e instanceof TargetError && e.code !== 'not-found') throw e;
    return { version: 1, files: {} };
  }
}

async function writeManifest(target: Target, path: string, m: Manifest): Promise<void> {
  const tmp = `${path}.tmp`;
  await target.writeFile(tmp, JSON.stringify(m, null, 1));
  await target.rename(tmp, path);
}

/** Every file below `dir` on the target (POSIX paths relative to it). */
export async function walkRemote(target: Target, dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const walk = async (rel: string) => {
    const entries = await target.list(rel === '' ? dir : posix.join(dir, rel)).catch((e: unknown) => {
      if (e instanceof TargetError && e.code === 'not-found') return [];
      throw e;
    });
    for (const e of entries) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory) await walk(r);
      else out.set(r, e.size);
    }
  };
  await walk('');
  return out;
}

class Meter {
  private rate = 0;
  private lastT = Date.now();
  private lastBytes = 0;
  constructor(readonly startBytes = 0) {}
  update(bytes: number): number {
    const now = Date.now();
    const dt = (now - this.lastT) / 1000;
    if (dt >= 0.25) {
      const inst = (bytes - this.lastBytes) / dt;
      this.rate = this.rate === 0 ? inst : this.rate * 0.7 + inst * 0.3;
      this.lastT = now;
      this.lastBytes = bytes;
    }
    return this.rate;
  }
}

export async function syncDataset(opts: SyncOptions): Promise<SyncResult> {
  const t0 = Date.now();
  const { target } = opts;
  const layout = remoteLayout(opts.root, opts.project);
  // Measured on the link while the comparison runs (SshTarget: a few round trips).
  const parallelism = opts.parallel !== undefined ? Promise.resolve(opts.parallel) : (target.uploadParallelism?.() ?? Promise.resolve(4));
  parallelism.catch(() => {});
  const retries = opts.retries ?? 8;
  const progress: SyncProgress = { phase: 'hashing', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, rate: 0, etaSeconds: null };
  const report = (patch: Partial<SyncProgress>) => {
    Object.assign(progress, patch);
    opts.onProgress?.({ ...progress });
  };
  const check = () => {
    if (opts.signal?.aborted) throw new TargetError('failed', 'upload cancelled');
  };

  report({ phase: 'comparing' });
  const [scan, manifest, remote] = await Promise.all([
    scanDataset(opts.datasetDir),
    target.mkdirp(layout.dataset).then(() => readManifest(target, layout.manifest)),
    target.mkdirp(layout.dataset).then(() => walkRemote(target, layout.dataset)),
  ]);
  const entries: Array<{ rel: string; path: string; size: number; sha256?: string }> = [
    ...scan.images.map((i) => ({ rel: i.rel.split('\\').join('/'), path: i.path, size: i.size })),
    ...scan.captions.map((c) => ({ rel: c.rel.split('\\').join('/'), path: c.path, size: c.size })),
  ];
  check();
  const localSet = new Set(entries.map((f) => f.rel));

  // Only files whose remote copy already has the right size can be skipped, so only those are hashed up
  // front; everything else is hashed while it is read for sending (one pass over the bytes).
  const candidates = entries.filter((f) => remote.get(f.rel) === f.size);
  report({ phase: 'hashing' });
  let hi = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (hi < candidates.length) {
        const f = candidates[hi++];
        report({ current: f.rel });
        f.sha256 = await hashFile(f.path);
      }
    }),
  );
  check();
  report({ phase: 'comparing', current: undefined });
  const todo: typeof entries = entries.filter((f) => remote.get(f.rel) !== f.size);
  const unsure: typeof entries = [];
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
  const extra = [...remote.keys()].filter((r) => !localSet.has(r) && !(r.endsWith('.part') && localSet.has(r.slice(0, -5))));

  // Bytes already sitting in .part files count as done.
  const partSizes = new Map<string, number>();
  for (const f of todo) {
    const p = remote.get(`${f.rel}.part`);
    if (p !== undefined && p <= f.size) partSizes.set(f.rel, p);
  }
  const bytesTotal = todo.reduce((sum, f) => sum + f.size - (partSizes.get(f.rel) ?? 0), 0);
  report({ phase: 'uploading', filesTotal: todo.length, bytesTotal, filesDone: 0, bytesDone: 0 });

  const meter = new Meter();
  let bytesSent = 0;
  let resumed = 0;
  const dirsMade = new Map<string, Promise<void>>();
  const ensureDir = (d: string) => {
    let p = dirsMade.get(d);
    if (!p) {
      p = target.mkdirp(d);
      dirsMade.set(d, p);
    }
    return p;
  };

  const sendPart = async (f: (typeof entries)[number]): Promise<void> => {
    const final = posix.join(layout.dataset, f.rel);
    const part = `${final}.part`;
    await ensureDir(posix.dirname(final));
    for (let attempt = 0; ; attempt++) {
      check();
      let start = 0;
      if (attempt > 0 || partSizes.has(f.rel)) {
        const st = await target.stat(part);
        start = st && st.size <= f.size ? st.size : 0;
        if (start > 0) resumed++;
      }
      const hash = createHash('sha256');
      if (start > 0) for await (const c of createReadStream(f.path, { start: 0, end: start - 1 })) hash.update(c as Buffer);
      try {
        if (target.putFile) {
          await target.putFile(f.path, part, {
            start,
            signal: opts.signal,
            onData: (c) => hash.update(c),
            onProgress: (n) => {
              bytesSent += n;
              const rate = meter.update(bytesSent);
              report({ bytesDone: bytesSent, rate, etaSeconds: rate > 0 ? Math.max(0, (bytesTotal - bytesSent) / rate) : null, current: f.rel });
            },
          });
        } else {
          const { readFile } = await import('node:fs/promises');
          const data = await readFile(f.path);
          hash.update(data);
          await target.writeFile(part, data);
          bytesSent += data.length;
        }
        f.sha256 = hash.digest('hex');
        return;
      } catch (e) {
        if (!(e instanceof TargetError && e.code === 'disconnected') || attempt >= retries) throw e;
      }
    }
  };

  const uploaded: string[] = [];
  const commit = async (f: (typeof entries)[number]) => {
    const final = posix.join(layout.dataset, f.rel);
    await target.rename(`${final}.part`, final);
    uploaded.push(f.rel);
    report({ filesDone: uploaded.length });
  };
  /** Verify a few files after the fact (the ones sent again after a mismatch). */
  const verifyAndCommit = async (batch: typeof entries): Promise<typeof entries> => {
    const hashes = await remoteHashes(target, layout.dataset, batch.map((f) => `${f.rel}.part`));
    const bad: typeof entries = [];
    for (const f of batch) {
      if (hashes.get(`${f.rel}.part`) === f.sha256) await commit(f);
      else bad.push(f);
    }
    return bad;
  };

  // Each finished .part is hashed on the target by one long-lived command while later files are still
  // sending, and renamed into place as soon as its hash matches (renames are small round trips: several
  // stay in flight).
  const byPart = new Map(todo.map((f) => [`${f.rel}.part`, f]));
  const bad: typeof entries = [];
  const renames = new Set<Promise<void>>();
  let renameError: unknown = null;
  const hasher = new RemoteHasher(target, layout.dataset, (part, sha256) => {
    const f = byPart.get(part);
    if (!f) return;
    if (sha256 === null || sha256 !== f.sha256) {
      bad.push(f);
      return;
    }
    const p = commit(f).catch((e: unknown) => {
      renameError ??= e;
    });
    renames.add(p);
    void p.finally(() => renames.delete(p));
  });

  const queue = [...todo].sort((a, b) => b.size - a.size); // big files first keeps all streams busy at the end
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const f = queue[next++];
      try {
        await sendPart(f);
      } catch (e) {
        next = queue.length; // the other streams stop after their current file
        throw e;
      }
      hasher.add(`${f.rel}.part`);
      // Keep the renames from piling up behind the uploads.
      while (renames.size >= 16) await Promise.race(renames);
    }
  };
  const parallel = Math.max(1, await parallelism);
  const tSend = Date.now();
  let transferSeconds = 0;
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
  } finally {
    transferSeconds = (Date.now() - tSend) / 1000;
    report({ phase: 'verifying', current: undefined });
    await hasher.end();
    await Promise.all(renames);
  }
  if (renameError) throw renameError;
  if (bad.length > 0) {
    // A corrupt or stale .part: send those again from the start, once.
    for (const f of bad) await target.remove(posix.join(layout.dataset, `${f.rel}.part`));
    partSizes.clear();
    for (const f of bad) await sendPart(f);
    const still = await verifyAndCommit(bad);
    if (still.length > 0) throw new TargetError('failed', `hash mismatch after upload: ${still.map((f) => f.rel).join(', ')}`);
  }

  const deleted: string[] = [];
  if (opts.delete && extra.length > 0) {
    report({ phase: 'deleting' });
    for (const rel of extra) {
      await target.remove(posix.join(layout.dataset, rel));
      deleted.push(rel);
    }
  }

  const files: Manifest['files'] = {};
  for (const f of [...entries].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))) if (f.sha256) files[f.rel] = { size: f.size, sha256: f.sha256 };
  if (JSON.stringify(manifest.files) !== JSON.stringify(files)) await writeManifest(target, layout.manifest, { version: 1, files });

  if (opts.config !== undefined) {
    const current = await target.readFile(layout.config).catch(() => null);
    if (!current || current.toString('utf8') !== opts.config) {
      await target.writeFile(`${layout.config}.tmp`, opts.config);
      await target.rename(`${layout.config}.tmp`, layout.config);
    }
  }
  report({ phase: 'done', current: undefined, etaSeconds: 0 });
  return {
    uploaded,
    skipped,
    extra: opts.delete ? [] : extra,
    deleted,
    bytesSent,
    resumed,
    seconds: (Date.now() - t0) / 1000,
    transferSeconds,
    layout,
  };
}
