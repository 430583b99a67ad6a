import { createHash } from 'node:crypto';

/** NAME_MAX on Linux file systems (ext4, xfs, overlayfs): one path component, counted in bytes. */
export const NAME_MAX = 255;

/** What a file is called while its bytes are still arriving, on the pod or in loras/ (uploads and downloads). */
export const PART_SUFFIX = '.part';

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
 * transfer finds it again) that no other name shares. writeFileAtomic names its temporary files by this rule too.
 */
export function tempName(name: string, suffix: string = PART_SUFFIX): string {
  const plain = name + suffix;
  if (Buffer.byteLength(plain, 'utf8') <= NAME_MAX) return plain;
  const tag = '~' + createHash('sha256').update(name, 'utf8').digest('hex').slice(0, TAG_HEX);
  return fitUtf8(name, NAME_MAX - Buffer.byteLength(tag + suffix, 'utf8')) + tag + suffix;
}

/**
 * The name whose temporary name is `temp`, or null. A shortened temporary name cannot be undone by itself, so
 * the names it may stand for (`known`, e.g. the pod's checkpoints) are tried first; then `name.part` gives `name`.
 * The order matters: a shortened `abc~1f2e….part` is also the plain temporary name of `abc~1f2e…`.
 */
export function nameOfTemp(temp: string, known: Iterable<string> = [], suffix: string = PART_SUFFIX): string | null {
  for (const name of known) if (tempName(name, suffix) === temp) return name;
  if (!temp.endsWith(suffix)) return null;
  const name = temp.slice(0, -suffix.length);
  return tempName(name, suffix) === temp ? name : null;
}

/** The temporary path of a POSIX path: only its last component changes. */
export function tempPath(path: string, suffix: string = PART_SUFFIX): string {
  const cut = path.lastIndexOf('/') + 1;
  return path.slice(0, cut) + tempName(path.slice(cut), suffix);
}
