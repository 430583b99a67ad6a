import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { NotRegularFileError, kindOf } from '../fs/regular.js';
import { posix } from 'node:path';
import { z } from 'zod';
import { TargetError, type Target } from '../remote/target.js';

/** What the target holds of the dataset: the manifest of sizes and hashes, and the files really there. */

export const manifestSchema = z.object({
  version: z.literal(1),
  files: z.record(z.string(), z.object({ size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** A dataset file to sync; `sha256` once known (hashed up front, or while it was sent). */
export interface SyncEntry {
  /** POSIX path relative to the dataset root. */
  rel: string;
  path: string;
  size: number;
  sha256?: string;
}

/** SHA-256 of a regular file; a path swapped for a pipe or device since the scan is refused, not waited on. */
export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const s = await handle.stat();
    if (!s.isFile()) throw new NotRegularFileError(path, kindOf(s));
    for await (const chunk of handle.createReadStream({ autoClose: false })) h.update(chunk as Buffer);
  } finally {
    await handle.close();
  }
  return h.digest('hex');
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

/** Written beside and renamed into place, so a dropped connection never leaves half a manifest. */
export async function writeManifest(target: Target, path: string, m: Manifest): Promise<void> {
  const tmp = `${path}.tmp`;
  await target.writeFile(tmp, JSON.stringify(m, null, 1));
  await target.rename(tmp, path);
}

/** The manifest of every entry whose hash is known, in path order. */
export function manifestOf(entries: SyncEntry[]): Manifest {
  const files: Manifest['files'] = {};
  for (const f of [...entries].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))) if (f.sha256) files[f.rel] = { size: f.size, sha256: f.sha256 };
  return { version: 1, files };
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
