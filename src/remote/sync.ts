import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import { z } from 'zod';
import { scanDataset } from '../dataset/scan.js';
import { remoteLayout, type RemoteLayout } from './layout.js';
import { sh } from './shell.js';
import { TargetError, type Target } from './target.js';

/**
 * Dataset sync, like rsync but with what a flaky pod link needs:
 *  - incremental: a file whose size and SHA-256 match the remote manifest (and whose remote copy has that size) is skipped;
 *  - resumable: bytes go to `<file>.part`, which survives a dropped connection and is continued, then renamed;
 *  - verified: every uploaded `.part` is hashed on the target before the rename; a mismatch is sent again;
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

/**
 * SHA-256 of files on the target. One `sha256sum -z` (NUL-terminated, so names with newlines survive) fed
 * with NUL-separated names on stdin; falls back to reading the files back when the command is missing.
 */
export async function remoteHashes(target: Target, base: string, rels: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (rels.length === 0) return out;
  const r = await target.exec(sh`cd ${base} && xargs -0 sha256sum -z --`, { stdin: rels.join('\0') + '\0' });
  if (r.code === 0 || (r.code !== 127 && r.stdout.length > 0)) {
    const recs = r.stdout.split('\0').filter(Boolean);
    // sha256sum keeps the input order; map by order rather than by echoed name (which it may escape).
    const hashes = recs.map((rec) => rec.slice(0, 64).replace(/^\\/, ''));
    if (hashes.length === rels.length && r.code === 0) {
      rels.forEach((rel, i) => out.set(rel, hashes[i]));
      return out;
    }
    // Some failed (e.g. missing files): match by the echoed name instead.
    for (const rec of recs) {
      const name = rec.slice(66);
      if (rels.includes(name)) out.set(name, rec.slice(0, 64));
    }
    if (out.size > 0 || r.code !== 127) return out;
  }
  for (const rel of rels) {
    try {
      out.set(rel, createHash('sha256').update(await target.readFile(posix.join(base, rel))).digest('hex'));
    } catch {
      /* missing: no hash */
    }
  }
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
  const parallel = Math.max(1, opts.parallel ?? 4);
  const retries = opts.retries ?? 8;
  const progress: SyncProgress = { phase: 'hashing', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, rate: 0, etaSeconds: null };
  const report = (patch: Partial<SyncProgress>) => {
    Object.assign(progress, patch);
    opts.onProgress?.({ ...progress });
  };
  const check = () => {
    if (opts.signal?.aborted) throw new TargetError('failed', 'upload cancelled');
  };

  report({ phase: 'hashing' });
  const local = await localDatasetFiles(opts.datasetDir, (rel) => report({ current: rel }));
  check();
  report({ phase: 'comparing', current: undefined });
  await target.mkdirp(layout.dataset);
  const [manifest, remote] = await Promise.all([readManifest(target, layout.manifest), walkRemote(target, layout.dataset)]);

  const localSet = new Set(local.map((f) => f.rel));
  const todo: LocalFile[] = [];
  const unsure: LocalFile[] = [];
  let skipped = 0;
  for (const f of local) {
    const m = manifest.files[f.rel];
    const rsize = remote.get(f.rel);
    if (m && m.size === f.size && m.sha256 === f.sha256 && rsize === f.size) skipped++;
    else if (rsize === f.size) unsure.push(f); // there with the right size but not (or differently) in the manifest
    else todo.push(f);
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
  const bytesTotal = todo.reduce((s, f) => s + f.size - (partSizes.get(f.rel) ?? 0), 0);
  report({ phase: 'uploading', filesTotal: todo.length, bytesTotal, filesDone: 0, bytesDone: 0 });

  const meter = new Meter();
  let bytesSent = 0;
  let resumed = 0;
  const dirsMade = new Set<string>();
  const ensureDir = async (d: string) => {
    if (dirsMade.has(d)) return;
    await target.mkdirp(d);
    dirsMade.add(d);
  };

  const sendPart = async (f: LocalFile): Promise<void> => {
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
      try {
        if (target.putFile) {
          await target.putFile(f.path, part, {
            start,
            signal: opts.signal,
            onProgress: (n) => {
              bytesSent += n;
              const rate = meter.update(bytesSent);
              report({ bytesDone: bytesSent, rate, etaSeconds: rate > 0 ? Math.max(0, (bytesTotal - bytesSent) / rate) : null, current: f.rel });
            },
          });
        } else {
          const { readFile } = await import('node:fs/promises');
          const data = await readFile(f.path);
          await target.writeFile(part, data);
          bytesSent += data.length;
        }
        return;
      } catch (e) {
        if (!(e instanceof TargetError && e.code === 'disconnected') || attempt >= retries) throw e;
      }
    }
  };

  const uploaded: string[] = [];
  let next = 0;
  const queue = [...todo].sort((a, b) => b.size - a.size); // big files first keeps all channels busy at the end
  const verifyAndCommit = async (batch: LocalFile[]): Promise<LocalFile[]> => {
    const hashes = await remoteHashes(target, layout.dataset, batch.map((f) => `${f.rel}.part`));
    const bad: LocalFile[] = [];
    for (const f of batch) {
      if (hashes.get(`${f.rel}.part`) !== f.sha256) {
        bad.push(f);
        continue;
      }
      const final = posix.join(layout.dataset, f.rel);
      await target.rename(`${final}.part`, final);
      uploaded.push(f.rel);
      report({ filesDone: uploaded.length });
    }
    return bad;
  };

  const pending: LocalFile[] = [];
  const worker = async () => {
    while (next < queue.length) {
      const f = queue[next++];
      await sendPart(f);
      pending.push(f);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
  report({ phase: 'verifying', current: undefined });
  let bad = await verifyAndCommit(pending);
  if (bad.length > 0) {
    // A corrupt or stale .part: send those again from the start, once.
    for (const f of bad) await target.remove(posix.join(layout.dataset, `${f.rel}.part`));
    partSizes.clear();
    for (const f of bad) await sendPart(f);
    bad = await verifyAndCommit(bad);
    if (bad.length > 0) throw new TargetError('failed', `hash mismatch after upload: ${bad.map((f) => f.rel).join(', ')}`);
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
  for (const f of local) files[f.rel] = { size: f.size, sha256: f.sha256 };
  const unchanged = todo.length === 0 && extra.length === 0 && Object.keys(manifest.files).length === local.length;
  if (!unchanged || JSON.stringify(manifest.files) !== JSON.stringify(files)) await writeManifest(target, layout.manifest, { version: 1, files });

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
    layout,
  };
}
