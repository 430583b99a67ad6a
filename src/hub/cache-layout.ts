import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Hugging Face cache, laid out as huggingface_hub lays it out so Python tools share the files:
 *   <cache>/models--<org>--<name>/blobs/<etag>              the file's bytes, named by its ETag
 *   <cache>/models--<org>--<name>/blobs/<etag>.incomplete   a download in progress, resumed by Range
 *   <cache>/models--<org>--<name>/snapshots/<commit>/<file>  a relative link to the blob
 *   <cache>/models--<org>--<name>/refs/<revision>            the commit the revision pointed at
 */

export interface HubEnv {
  HF_HOME?: string;
  HF_HUB_CACHE?: string;
  HF_ENDPOINT?: string;
  HF_TOKEN?: string;
}

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub. */
export function hubCacheDir(env: HubEnv): string {
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  return join(env.HF_HOME || join(homedir(), '.cache', 'huggingface'), 'hub');
}

export function hubEndpoint(env: HubEnv): string {
  return (env.HF_ENDPOINT || DEFAULT_ENDPOINT).replace(/\/+$/, '');
}

/** `org/name` → `models--org--name`. */
export function repoFolderName(repo: string): string {
  return `models--${repo.split('/').join('--')}`;
}

export interface RepoPaths {
  root: string;
  blob: (etag: string) => string;
  snapshot: (commit: string, file: string) => string;
  ref: (revision: string) => string;
}

export function repoPaths(cache: string, repo: string): RepoPaths {
  const root = join(cache, repoFolderName(repo));
  return {
    root,
    blob: (etag) => join(root, 'blobs', etag),
    snapshot: (commit, file) => join(root, 'snapshots', commit, ...file.split('/')),
    ref: (revision) => join(root, 'refs', ...revision.split('/')),
  };
}

/** A repo id as the Hub spells them: `org/name`, letters, digits, '-', '_' and '.'. */
export function isRepoId(s: string): boolean {
  return /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(s) && !s.includes('..');
}

/** A full commit hash: a revision that needs no ref. */
export function isCommitHash(s: string): boolean {
  return /^[0-9a-f]{40}$/.test(s);
}

/** The ETag as the cache names blobs: without W/ and quotes. */
export function normalizeEtag(etag: string | null): string | null {
  if (!etag) return null;
  const e = etag.replace(/^W\//, '').replace(/^"|"$/g, '');
  return /^[A-Za-z0-9._-]+$/.test(e) ? e : null;
}
