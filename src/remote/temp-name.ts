import { createHash } from 'node:crypto';

/** NAME_MAX on Linux file systems (ext4, xfs, overlayfs): one path component, counted in bytes. */
export const NAME_MAX = 255;

/** What a file is called while its bytes are still arriving, on the pod or in loras/. */
export const PART_SUFFIX = '.part';

/** What writeFileAtomic adds around a name for its own temporary file (src/fs/atomic.ts), with a margin. */
export const ATOMIC_ROOM = 32;

/** Length of the hash tag that keeps two shortened names apart. */
const TAG_HEX = 12;

/** The longest prefix of `s` whose UTF-8 encoding fits in `bytes`, never cutting a character in two. */
function fitUtf8(s: string, bytes: number): string {
  let used = 0;
  let out = '';
  for (const ch of s) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (used + n > bytes) break;
    used += n;
    out += ch;
  }
  return out;
}

/**
 * The temporary name of `name`: `name.part` when that fits in NAME_MAX bytes; otherwise a shortened name with a
 * hash of the whole name, so a legal 255-byte name still gets a legal, stable temporary name (a resumed
 * transfer finds it again) that no other name shares. `room` keeps that many bytes free for a writer that
 * wraps the name once more (writeFileAtomic's `.<name>.<pid>.<random>.tmp`).
 */
export function tempName(name: string, suffix: string = PART_SUFFIX, room = 0): string {
  const max = NAME_MAX - room;
  const plain = name + suffix;
  if (Buffer.byteLength(plain, 'utf8') <= max) return plain;
  const tag = '~' + createHash('sha256').update(name, 'utf8').digest('hex').slice(0, TAG_HEX);
  return fitUtf8(name, max - Buffer.byteLength(tag + suffix, 'utf8')) + tag + suffix;
}

/** The temporary path of a POSIX path: only its last component changes. */
export function tempPath(path: string, suffix: string = PART_SUFFIX): string {
  const cut = path.lastIndexOf('/') + 1;
  return path.slice(0, cut) + tempName(path.slice(cut), suffix);
}
