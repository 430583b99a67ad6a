import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic.js';
import { tempName } from '../fs/temp-name.js';
import type { Target } from '../remote/target.js';
import { rateMeter, transfer } from './download-transfer.js';
import { headerProblem, localSha256, podSha256, sha256Prefix, verifyLocal } from './download-verify.js';

export { verifyLocal } from './download-verify.js';

/**
 * Resumable download of one checkpoint from the target into the project's `loras/` folder.
 *
 *   loras/<file>.part        bytes so far (appended chunk by chunk through Target.readFrom)
 *   loras/<file>.part.json   which remote file the .part belongs to (path, size, mtime)
 *   loras/<file>             appears only after size, header and SHA-256 (against the pod's) were verified (rename)
 *
 * A dropped connection leaves a .part that the next attempt continues from its length. A .part of
 * a different remote file (same name, new run) is discarded instead of being glued onto. A finished local
 * file counts as the pod's only when its hash is the pod's; an older run's checkpoint of the same name is
 * replaced by the rename, so it stays until the new one has verified.
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
  /** `replaced`: a local file of that name held other bytes (another run's checkpoint) and was replaced. */
  | { status: 'downloaded'; file: string; path: string; bytes: number; resumedFrom: number; seconds: number; replaced: boolean }
  | { status: 'already'; file: string; path: string; bytes: number }
  | { status: 'conflict'; file: string; path: string; message: string }
  /** `retry`: running again can help (a dropped connection); false when the pod's file itself is the problem. */
  | { status: 'failed'; file: string; message: string; partialBytes: number; retry: boolean }
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

interface Paths {
  final: string;
  part: string;
  /** Which remote file the .part belongs to. */
  info: string;
}

type Remote = { size: number; mtimeMs: number };

/**
 * A finished local file of that name: already the pod's (same SHA-256), another run's checkpoint to replace,
 * or something else (a conflict unless replacing). `replace` is true when the download is to overwrite it.
 */
async function checkExisting(paths: Paths, file: string, remote: Remote, opts: DownloadOptions, podHash: () => Promise<string | null>): Promise<{ done: DownloadOutcome } | { replace: boolean }> {
  const existing = await stat(paths.final).catch(() => null);
  if (!existing) return { replace: false };
  if (existing.size === remote.size && (await verifyLocal(paths.final, opts.expectStep)) === null) {
    const pod = await podHash();
    if (pod === null) return { done: unhashable(file) };
    if ((await localSha256(paths.final)) === pod) return { done: { status: 'already', file, path: paths.final, bytes: existing.size } };
  }
  // A checkpoint that differs from the pod's is an earlier run's at the same step: stale, so it is replaced.
  if (opts.replace || (await verifyLocal(paths.final)) === null) return { replace: true };
  return {
    done: {
      status: 'conflict',
      file,
      path: paths.final,
      message: `${paths.final} already exists, is not a checkpoint, and differs from the pod's file (${existing.size} vs ${remote.size} bytes); move it away or replace it explicitly`,
    },
  };
}

function unhashable(file: string): DownloadOutcome {
  return { status: 'failed', file, message: `cannot compute the SHA-256 of ${file} on the pod (no sha256sum there?), so no copy can be verified`, partialBytes: 0, retry: false };
}

/** Where to continue: the length of a .part of this very remote file; any other .part is discarded. */
async function resumeOffset(paths: Paths, remotePath: string, remote: Remote): Promise<number> {
  const info = await readFile(paths.info, 'utf8')
    .then((t) => partInfoSchema.safeParse(JSON.parse(t)))
    .catch(() => null);
  const part = await stat(paths.part).catch(() => null);
  const sameSource = info?.success && info.data.remotePath === remotePath && info.data.size === remote.size && info.data.mtimeMs === remote.mtimeMs;
  let offset = 0;
  if (part && sameSource && part.size <= remote.size) offset = part.size;
  else if (part) await unlink(paths.part);
  await writeFileAtomic(paths.info, JSON.stringify({ remotePath, size: remote.size, mtimeMs: remote.mtimeMs }));
  return offset;
}

async function discard(paths: Paths): Promise<void> {
  await unlink(paths.part).catch(() => {});
  await unlink(paths.info).catch(() => {});
}

/** Check the complete .part (remote unchanged, size, header, SHA-256) and only then give it its real name. */
interface Done {
  resumedFrom: number;
  started: number;
  replaced: boolean;
  /** SHA-256 of the whole .part, hashed as it was written. */
  localHash: string;
  podHash: Promise<string | null>;
}

async function finish(paths: Paths, file: string, remote: Remote, opts: DownloadOptions, done: Done): Promise<DownloadOutcome> {
  const after = await opts.target.stat(opts.remotePath);
  if (!after || after.size !== remote.size || after.mtimeMs !== remote.mtimeMs) {
    await discard(paths);
    return { status: 'failed', file, message: `${file} changed on the pod while downloading (a save in progress?); try again`, partialBytes: 0, retry: true };
  }
  const got = (await stat(paths.part)).size;
  if (got !== remote.size) return { status: 'failed', file, message: `size check failed: ${got} bytes, expected ${remote.size}`, partialBytes: got, retry: true };
  const problem = await verifyLocal(paths.part, opts.expectStep);
  if (problem) {
    // Bytes match the pod's, so the pod's file itself is bad: keep nothing that looks usable.
    await discard(paths);
    return { status: 'failed', file, message: `${file} on the pod is not a valid checkpoint (${problem}), so it cannot be downloaded`, partialBytes: 0, retry: false };
  }
  const pod = await done.podHash;
  if (pod === null) return unhashable(file);
  if (done.localHash !== pod) {
    await discard(paths);
    return { status: 'failed', file, message: `the downloaded bytes differ from the pod's (SHA-256 mismatch); the partial copy was discarded, run again to download it whole`, partialBytes: 0, retry: true };
  }
  await rename(paths.part, paths.final);
  await unlink(paths.info).catch(() => {});
  return { status: 'downloaded', file, path: paths.final, bytes: got, resumedFrom: done.resumedFrom, seconds: (Date.now() - done.started) / 1000, replaced: done.replaced };
}

export async function downloadCheckpoint(opts: DownloadOptions): Promise<DownloadOutcome> {
  const file = opts.file ?? opts.remotePath.split('/').pop()!;
  const final = join(opts.localDir, file);
  const paths: Paths = { final, part: join(opts.localDir, tempName(file)), info: join(opts.localDir, tempName(file, '.part.json')) };
  let partialBytes = 0;
  try {
    const remote = await opts.target.stat(opts.remotePath);
    if (!remote || !remote.isFile) return { status: 'failed', file, message: `${opts.remotePath} is not on ${opts.target.label} any more`, partialBytes: 0, retry: false };
    await mkdir(opts.localDir, { recursive: true });
    // A bad header on the pod is known from its first bytes: say so before moving the rest.
    const podProblem = await headerProblem(opts.target, opts.remotePath, opts.expectStep, remote.size);
    if (podProblem?.broken) return { status: 'failed', file, message: `${file} on the pod is not a valid checkpoint (${podProblem.message}), so it cannot be downloaded`, partialBytes: 0, retry: false };
    if (podProblem) return { status: 'failed', file, message: `could not read ${file} on the pod: ${podProblem.message}`, partialBytes: 0, retry: true };
    // The pod hashes its file while the bytes travel; the stat after the transfer proves it did not change.
    // One that failed (the connection dropped meanwhile) is asked again, once it is back.
    let podHash: Promise<string | null> | null = null;
    const hashOnPod = () => podSha256(opts.target, opts.remotePath);
    const podHashOnce = () => (podHash ??= hashOnPod().catch(() => hashOnPod().catch(() => null)));
    const existing = await checkExisting(paths, file, remote, opts, podHashOnce);
    if ('done' in existing) return existing.done;

    const resumedFrom = await resumeOffset(paths, opts.remotePath, remote);
    partialBytes = resumedFrom;
    const local = resumedFrom > 0 ? await sha256Prefix(paths.part, resumedFrom) : createHash('sha256');
    if (opts.stopAfterBytes === undefined) void podHashOnce();
    const started = Date.now();
    const rate = rateMeter(resumedFrom);
    const report = (bytes: number) => {
      const r = rate(bytes);
      opts.onProgress?.({ file, bytes, total: remote.size, rate: r, eta: r > 0 ? (remote.size - bytes) / r : Infinity, resumedFrom });
    };
    report(resumedFrom);
    const t = await transfer({
      target: opts.target,
      remotePath: opts.remotePath,
      partPath: paths.part,
      offset: resumedFrom,
      end: opts.stopAfterBytes !== undefined ? Math.min(remote.size, resumedFrom + opts.stopAfterBytes) : remote.size,
      remoteSize: remote.size,
      chunk: Math.max(64 * 1024, opts.chunkSize ?? DEFAULT_CHUNK),
      parallel: Math.max(1, opts.parallel ?? DEFAULT_PARALLEL),
      signal: opts.signal,
      onData: (chunk) => local.update(chunk),
      onBytes: (bytes) => {
        partialBytes = bytes;
        report(bytes);
      },
    });
    if (t.cancelled) return { status: 'cancelled', file, partialBytes: t.bytes };
    if (t.bytes < remote.size) return { status: 'failed', file, message: 'connection dropped (simulated)', partialBytes: t.bytes, retry: true };
    return await finish(paths, file, remote, opts, { resumedFrom, started, replaced: existing.replace, localHash: local.digest('hex'), podHash: podHashOnce() });
  } catch (e) {
    return { status: 'failed', file, message: (e as Error).message, partialBytes, retry: true };
  }
}

