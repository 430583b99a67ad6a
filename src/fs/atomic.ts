import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { tempName } from './temp-name.js';

/**
 * Write a file so that a reader (or a crash) sees either the old content or the new, never a part:
 * write a temp file beside the target, fsync it, then rename over the target.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
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

/** Temp files left by an interrupted writeFileAtomic match this. */
export const ATOMIC_TEMP_RE = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;
