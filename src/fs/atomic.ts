import { lstat, open, readlink, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { tempName } from './temp-name.js';

/**
 * Write a file so that a reader (or a crash) sees either the old content or the new, never a part:
 * write a temp file beside the target, fsync it, then rename over the target. With `throughLinks` a
 * symbolic link stays a link and the file it points to is the one rewritten (a project file kept in a
 * dotfiles repo, linked in); without, a link is replaced, never written through.
 */
export async function writeFileAtomic(linkOrPath: string, data: string | Uint8Array, opts: { throughLinks?: boolean } = {}): Promise<void> {
  const path = opts.throughLinks ? await linkTarget(linkOrPath) : linkOrPath;
  // Shortened (by the rule transfers use) when the target's name is near NAME_MAX, so that still fits.
  const tmp = join(dirname(path), tempName(`.${basename(path)}`, `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`));
  const handle = await open(tmp, 'w', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/** Where a write to `path` should land: the file at the end of its links, or `path` itself. */
async function linkTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    // A link to a file not there yet: write where it points, so it stops dangling rather than being replaced.
    let p = path;
    for (let hops = 0; hops < 40; hops++) {
      const s = await lstat(p).catch(() => null);
      if (!s?.isSymbolicLink()) return p;
      p = resolve(dirname(p), await readlink(p));
    }
    return path;
  }
}

/** Temp files left by an interrupted writeFileAtomic match this. */
export const ATOMIC_TEMP_RE = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;
