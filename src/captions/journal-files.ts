import { lstatSync } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ATOMIC_TEMP_RE, writeFileAtomic } from '../fs/atomic.js';
import { assertRegularOrAbsentSync, readRegularFile } from '../fs/regular.js';

/** The caption files a journal entry touches: read, compare, write or delete, and clean up after a kill. */

export const b64 = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('base64'));
export const unb64 = (s: string | null) => (s === null ? null : new Uint8Array(Buffer.from(s, 'base64')));

/** A caption that is a link is never rewritten by an operation: it may lead out of the dataset. */
function refuseLink(path: string): void {
  if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) throw new Error('is a symbolic link: left alone (edit the file it points to)');
}

export async function readCurrent(path: string): Promise<Uint8Array | null> {
  refuseLink(path);
  try {
    return new Uint8Array(await readRegularFile(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export function same(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}

export async function writeContent(path: string, content: Uint8Array | null): Promise<void> {
  // A pipe or device where the caption goes is the user's, not ours to replace; a link is never written through.
  refuseLink(path);
  assertRegularOrAbsentSync(path);
  if (content === null) await unlink(path).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
  else await writeFileAtomic(path, content);
}

/** A kill between a temp file's write and its rename leaves `.name.pid.rand.tmp` beside the caption. */
export async function removeTempFiles(e: { files: ReadonlyArray<{ path: string }> }): Promise<void> {
  const byDir = new Map<string, Set<string>>();
  for (const f of e.files) {
    const d = dirname(f.path);
    if (!byDir.has(d)) byDir.set(d, new Set());
    byDir.get(d)!.add(basename(f.path));
  }
  for (const [d, names] of byDir) {
    const entries = await readdir(d).catch(() => [] as string[]);
    for (const n of entries) {
      if (!ATOMIC_TEMP_RE.test(n)) continue;
      const target = n.slice(1).replace(/\.\d+\.[0-9a-f]{8}\.tmp$/, '');
      if (names.has(target)) await unlink(join(d, n)).catch(() => {});
    }
  }
}

export function errorMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  if (err?.code === 'ENOSPC') return 'disk full';
  if (err?.code === 'EISDIR') return 'is a folder';
  return err?.message ?? String(e);
}
