import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic.js';
import { LocalTarget } from '../remote/local-target.js';
import type { Target } from '../remote/target.js';
import { readSafetensorsHeader } from '../ai-toolkit/safetensors.js';

/**
 * Resumable download of one checkpoint from the target into the project's `loras/` folder.
 *
 *   loras/<file>.part        bytes so far (appended chunk by chunk through Target.readFrom)
 *   loras/<file>.part.json   which remote file the .part belongs to (path, size, mtime)
 *   loras/<file>             appears only after size and header were verified (rename)
 *
 * A dropped connection leaves a .part that the next attempt continues from its length. A .part of
 * a different remote file (same name, new run) is discarded instead of being glued onto.
 */

export const DEFAULT_CHUNK = 1024 * 1024;
export const DEFAULT_PARALLEL = 8;

export interface DownloadProgress {
  file: string;
  bytes: number;
  total: number;
  /** Bytes per second over the last few seconds. */
  rate: number;
  /** Seconds left at that rate; Infinity before the first measurement. */
  eta: number;
  resumedFrom: number;
}

export type DownloadOutcome =
  | { status: 'downloaded'; file: string; path: string; bytes: number; resumedFrom: number; seconds: number }
  | { status: 'already'; file: string; path: string; bytes: number }
  | { status: 'conflict'; file: string; path: string; message: string }
  | { status: 'failed'; file: string; message: string; partialBytes: number }
  | { status: 'cancelled'; file: string; partialBytes: number };

export interface DownloadOptions {
  target: Target;
  remotePath: string;
  localDir: string;
  /** Local file name; defaults to the remote base name. */
  file?: string;
  chunkSize?: number;
  /** Reads in flight at once. */
  parallel?: number;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Replace a different local file of the same name (after the new one is verified). */
  replace?: boolean;
  /** training_info.step the downloaded header must carry, when known. */
  expectStep?: number | null;
  /** Stop after this many bytes, as a dropped connection would (tests and the benchmark). */
  stopAfterBytes?: number;
}

const partInfoSchema = z.object({ remotePath: z.string(), size: z.number(), mtimeMs: z.number() });

export async function downloadCheckpoint(opts: DownloadOptions): Promise<DownloadOutcome> {
  const file = opts.file ?? opts.remotePath.split('/').pop()!;
  const finalPath = join(opts.localDir, file);
  const partPath = `${finalPath}.part`;
  const infoPath = `${partPath}.json`;
  const chunk = Math.max(64 * 1024, opts.chunkSize ?? DEFAULT_CHUNK);
  let partialBytes = 0;
  try {
    const remote = await opts.target.stat(opts.remotePath);
    if (!remote || !remote.isFile) return { status: 'failed', file, message: `${opts.remotePath} is not on ${opts.target.label} any more`, partialBytes: 0 };
    await mkdir(opts.localDir, { recursive: true });

    const existing = await stat(finalPath).catch(() => null);
    if (existing) {
      const good = existing.size === remote.size && (await verifyLocal(finalPath, opts.expectStep)) === null;
      if (good) return { status: 'already', file, path: finalPath, bytes: existing.size };
      if (!opts.replace) {
        return {
          status: 'conflict',
          file,
          path: finalPath,
          message: `${finalPath} already exists and differs from the pod's file (${existing.size} vs ${remote.size} bytes); move it away or replace it explicitly`,
        };
      }
    }

    // Resume only a .part of this very remote file.
    let offset = 0;
    const info = await readFile(infoPath, 'utf8')
      .then((t) => partInfoSchema.safeParse(JSON.parse(t)))
      .catch(() => null);
    const part = await stat(partPath).catch(() => null);
    const sameSource = info?.success && info.data.remotePath === opts.remotePath && info.data.size === remote.size && info.data.mtimeMs === remote.mtimeMs;
    if (part && sameSource && part.size <= remote.size) offset = part.size;
    else if (part) await unlink(partPath);
    await writeFileAtomic(infoPath, JSON.stringify({ remotePath: opts.remotePath, size: remote.size, mtimeMs: remote.mtimeMs }));
    partialBytes = offset;

    const resumedFrom = offset;
    const started = Date.now();
    const window: Array<{ t: number; bytes: number }> = [{ t: started, bytes: offset }];
    const report = () => {
      const now = Date.now();
      window.push({ t: now, bytes: offset });
      while (window.length > 2 && now - window[0].t > 3000) window.shift();
      const dt = (now - window[0].t) / 1000;
      const rate = dt > 0 ? (offset - window[0].bytes) / dt : 0;
      opts.onProgress?.({ file, bytes: offset, total: remote.size, rate, eta: rate > 0 ? (remote.size - offset) / rate : Infinity, resumedFrom });
    };
    report();

    const handle = await open(partPath, offset > 0 ? 'a' : 'w');
    const parallel = Math.max(1, opts.parallel ?? DEFAULT_PARALLEL);
    // Several reads in flight, written in order: over SSH each read is a round trip, so one at a time
    // would leave the link idle most of the time.
    const inflight: Array<{ at: number; want: number; data: Promise<Buffer> }> = [];
    let next = offset;
    const budgetEnd = opts.stopAfterBytes !== undefined ? Math.min(remote.size, resumedFrom + opts.stopAfterBytes) : remote.size;
    const fill = () => {
      while (inflight.length < parallel && next < budgetEnd) {
        const want = Math.min(chunk, budgetEnd - next);
        const data = opts.target.readFrom(opts.remotePath, next, want);
        data.catch(() => {}); // Awaited below; never an unhandled rejection when we stop early.
        inflight.push({ at: next, want, data });
        next += want;
      }
    };
    try {
      fill();
      while (inflight.length > 0) {
        if (opts.signal?.aborted) {
          await handle.sync();
          return { status: 'cancelled', file, partialBytes: offset };
        }
        const head = inflight.shift()!;
        const data = await head.data;
        if (data.length === 0) throw new Error(`${opts.remotePath} ended at ${offset} of ${remote.size} bytes (truncated on the pod?)`);
        await handle.write(data, 0, data.length, null);
        offset += data.length;
        partialBytes = offset;
        report();
        if (data.length < head.want) {
          // A short read: the reads already in flight start at the wrong offsets. Start again from here.
          inflight.length = 0;
          next = offset;
        }
        fill();
      }
      await handle.sync();
      if (offset < remote.size) return { status: 'failed', file, message: 'connection dropped (simulated)', partialBytes: offset };
    } finally {
      await handle.close();
    }

    const after = await opts.target.stat(opts.remotePath);
    if (!after || after.size !== remote.size || after.mtimeMs !== remote.mtimeMs) {
      await unlink(partPath).catch(() => {});
      await unlink(infoPath).catch(() => {});
      return { status: 'failed', file, message: `${file} changed on the pod while downloading (a save in progress?); try again`, partialBytes: 0 };
    }
    const got = (await stat(partPath)).size;
    if (got !== remote.size) return { status: 'failed', file, message: `size check failed: ${got} bytes, expected ${remote.size}`, partialBytes: got };
    const problem = await verifyLocal(partPath, opts.expectStep);
    if (problem) {
      // Bytes match the pod's, so the pod's file itself is bad: keep nothing that looks usable.
      await unlink(partPath).catch(() => {});
      await unlink(infoPath).catch(() => {});
      return { status: 'failed', file, message: `downloaded file is not a valid checkpoint: ${problem}`, partialBytes: 0 };
    }
    await rename(partPath, finalPath);
    await unlink(infoPath).catch(() => {});
    return { status: 'downloaded', file, path: finalPath, bytes: got, resumedFrom, seconds: (Date.now() - started) / 1000 };
  } catch (e) {
    return { status: 'failed', file, message: (e as Error).message, partialBytes };
  }
}

const local = new LocalTarget();

/** null when the local file is a complete safetensors file (with the expected step, when given). */
export async function verifyLocal(path: string, expectStep?: number | null): Promise<string | null> {
  const h = await readSafetensorsHeader(local, path);
  if (!h.ok) return h.message;
  if (expectStep !== undefined && expectStep !== null && h.header.trainingInfo && h.header.trainingInfo.step !== expectStep) {
    return `header says step ${h.header.trainingInfo.step}, expected ${expectStep}`;
  }
  return null;
}
