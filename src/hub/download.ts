import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, symlink } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { once } from 'node:events';
import { writeFileAtomic } from '../fs/atomic.js';
import { hubCacheDir, hubEndpoint, isCommitHash, normalizeEtag, repoPaths, type HubEnv, type RepoPaths } from './cache-layout.js';
import { authError, HubError, unreachableError } from './errors.js';

/**
 * One file from a Hub repo into the Hugging Face cache, the way huggingface_hub does it: a HEAD on
 * `{endpoint}/{repo}/resolve/{revision}/{file}` for the commit and ETag, the bytes into
 * `blobs/<etag>.incomplete` (resumed with a Range request after an interruption), then renamed to the
 * blob and linked from the snapshot. A file already in the cache for that revision needs no network.
 */

export interface HubProgress {
  repo: string;
  file: string;
  done: number;
  /** Null when the Hub did not say how big the file is. */
  total: number | null;
  /** Bytes that were already on disk from an interrupted download. */
  resumedFrom: number;
}

export interface HubFileRequest {
  repo: string;
  file: string;
  revision?: string;
  env: HubEnv;
  onProgress?: (p: HubProgress) => void;
  signal?: AbortSignal;
}

export interface HubFile {
  path: string;
  commit: string;
  fromCache: boolean;
  bytes: number;
}

interface Remote {
  commit: string;
  etag: string;
  size: number | null;
  url: string;
}

const exists = (p: string) => stat(p).then((s) => s, () => null);

/** The snapshot file a revision already points at, if both the ref and the file are there. */
async function cached(paths: RepoPaths, revision: string, file: string): Promise<HubFile | null> {
  const commit = isCommitHash(revision) ? revision : (await readFile(paths.ref(revision), 'utf8').catch(() => '')).trim();
  if (!isCommitHash(commit)) return null;
  const path = paths.snapshot(commit, file);
  const s = await exists(path);
  return s?.isFile() ? { path, commit, fromCache: true, bytes: s.size } : null;
}

function authHeaders(env: HubEnv, url: string, endpoint: string): Record<string, string> {
  // the token goes to the Hub itself only, never to the storage a download redirects to
  return env.HF_TOKEN && new URL(url).origin === new URL(endpoint).origin ? { authorization: `Bearer ${env.HF_TOKEN}` } : {};
}

async function resolveRemote(req: HubFileRequest, revision: string, endpoint: string): Promise<Remote> {
  const url = `${endpoint}/${req.repo}/resolve/${encodeURIComponent(revision)}/${req.file.split('/').map(encodeURIComponent).join('/')}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'HEAD', redirect: 'manual', headers: authHeaders(req.env, url, endpoint), signal: req.signal });
  } catch (e) {
    if (req.signal?.aborted) throw e;
    throw unreachableError(endpoint, e);
  }
  if (res.status === 401 || res.status === 403) throw authError(req.repo, res.status, endpoint, Boolean(req.env.HF_TOKEN));
  if (res.status === 404) throw new HubError('not-found', `${req.repo} has no file ${req.file} at revision ${revision} (or the repo does not exist)`);
  const redirect = res.status >= 300 && res.status < 400;
  if (!redirect && res.status !== 200) throw new HubError('protocol', `the Hub answered ${res.status} for ${req.repo}/${req.file}`);
  const h = res.headers;
  const commit = h.get('x-repo-commit');
  const etag = normalizeEtag(h.get('x-linked-etag') ?? h.get('etag'));
  const size = Number(h.get('x-linked-size') ?? h.get('content-length'));
  if (!commit || !isCommitHash(commit) || !etag) throw new HubError('protocol', `the Hub's answer for ${req.repo}/${req.file} lacks its commit or ETag`);
  const location = h.get('location');
  return { commit, etag, size: Number.isFinite(size) && size >= 0 ? size : null, url: redirect && location ? new URL(location, url).toString() : url };
}

async function fetchBytes(req: HubFileRequest, remote: Remote, incomplete: string, endpoint: string): Promise<void> {
  const start = (await exists(incomplete))?.size ?? 0;
  if (remote.size !== null && start === remote.size) return;
  const headers: Record<string, string> = { ...authHeaders(req.env, remote.url, endpoint) };
  if (start > 0) headers.range = `bytes=${start}-`;
  let res: Response;
  try {
    res = await fetch(remote.url, { headers, signal: req.signal });
  } catch (e) {
    if (req.signal?.aborted) throw e;
    throw unreachableError(endpoint, e);
  }
  if (res.status === 401 || res.status === 403) throw authError(req.repo, res.status, endpoint, Boolean(req.env.HF_TOKEN));
  if (res.status === 416) {
    // the partial file is not a prefix of this blob: start over
    await rm(incomplete, { force: true });
    return fetchBytes(req, remote, incomplete, endpoint);
  }
  if (res.status !== 200 && res.status !== 206) throw new HubError('protocol', `the Hub answered ${res.status} while downloading ${req.repo}/${req.file}`);
  const append = res.status === 206 && start > 0;
  const from = append ? start : 0;
  const out = createWriteStream(incomplete, { flags: append ? 'a' : 'w' });
  let done = from;
  const report = () => req.onProgress?.({ repo: req.repo, file: req.file, done, total: remote.size, resumedFrom: from });
  report();
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        done += chunk.length;
        if (!out.write(chunk)) await once(out, 'drain');
        report();
      }
    }
  } catch (e) {
    if (req.signal?.aborted) throw e;
    throw new HubError('interrupted', `the download of ${req.repo}/${req.file} broke off at ${done} of ${remote.size ?? '?'} bytes: run again to resume from there`);
  } finally {
    out.end();
    await once(out, 'close').catch(() => undefined);
  }
  if (remote.size !== null && done !== remote.size) {
    throw new HubError('interrupted', `the download of ${req.repo}/${req.file} stopped at ${done} of ${remote.size} bytes: run again to resume from there`);
  }
}

/** Link the snapshot entry to its blob (relative, as huggingface_hub does); a copy where links are refused. */
async function linkSnapshot(blob: string, snap: string): Promise<void> {
  await mkdir(dirname(snap), { recursive: true });
  await rm(snap, { force: true });
  try {
    await symlink(relative(dirname(snap), blob), snap);
  } catch {
    await copyFile(blob, snap);
  }
}

export async function hubFile(req: HubFileRequest): Promise<HubFile> {
  const revision = req.revision ?? 'main';
  const paths = repoPaths(hubCacheDir(req.env), req.repo);
  const hit = await cached(paths, revision, req.file);
  if (hit) return hit;
  const endpoint = hubEndpoint(req.env);
  const remote = await resolveRemote(req, revision, endpoint);
  const blob = paths.blob(remote.etag);
  const have = await exists(blob);
  if (!have || (remote.size !== null && have.size !== remote.size)) {
    await mkdir(dirname(blob), { recursive: true });
    const incomplete = `${blob}.incomplete`;
    await fetchBytes(req, remote, incomplete, endpoint);
    await rename(incomplete, blob);
  }
  const snap = paths.snapshot(remote.commit, req.file);
  await linkSnapshot(blob, snap);
  if (!isCommitHash(revision)) {
    await mkdir(dirname(paths.ref(revision)), { recursive: true });
    await writeFileAtomic(paths.ref(revision), remote.commit);
  }
  return { path: snap, commit: remote.commit, fromCache: false, bytes: (await stat(blob)).size };
}
