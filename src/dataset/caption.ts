/**
 * Caption text model. ai-toolkit splits captions on ',' and re-joins with ', '
 * (reference/ai-toolkit.md §4), so a caption is an ordered list of tags.
 */

export type CaptionEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedCaption {
  /** Text decoded as UTF-8 (invalid bytes become U+FFFD), BOM removed. */
  text: string;
  bom: boolean;
  crlf: boolean;
  /** The bytes are not valid UTF-8. */
  invalidUtf8: boolean;
  /** What the bytes were read as: UTF-16 is recognised with or without a byte-order mark. */
  encoding: CaptionEncoding;
  /** NUL characters in the text (a binary file, or UTF-16 read as something else). */
  nul: boolean;
  /** Nothing but whitespace. */
  empty: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8', { fatal: false });

export function decodeCaption(bytes: Uint8Array): DecodedCaption {
  let body = bytes;
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom) body = bytes.subarray(3);
  let text: string;
  let encoding: CaptionEncoding = 'utf-8';
  const wide = bom ? null : utf16Of(body);
  if (wide) {
    ({ text, encoding } = wide);
  } else {
    try {
      text = utf8.decode(body);
    } catch {
      encoding = 'windows-1252';
      text = decodeLegacy(body);
    }
  }
  return { text, bom, crlf: text.includes('\r'), invalidUtf8: encoding !== 'utf-8', encoding, nul: text.includes('\0'), empty: text.replace(/\0/g, '').trim() === '' };
}

/**
 * UTF-16 with a byte-order mark, or without one when its zero bytes say so: ASCII text in UTF-16 has a
 * zero in every other byte (odd positions little-endian, even big-endian), which UTF-8 text never has.
 */
function utf16Of(b: Uint8Array): { text: string; encoding: 'utf-16le' | 'utf-16be'; bom: boolean } | null {
  if (b.length < 2) return null;
  let encoding: 'utf-16le' | 'utf-16be' | null = null;
  let bom = false;
  if (b[0] === 0xff && b[1] === 0xfe) [encoding, bom] = ['utf-16le', true];
  else if (b[0] === 0xfe && b[1] === 0xff) [encoding, bom] = ['utf-16be', true];
  else if (b.length % 2 === 0) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < b.length; i++) if (b[i] === 0) i % 2 === 0 ? evenZeros++ : oddZeros++;
    const pairs = b.length / 2;
    if (oddZeros >= pairs * 0.4 && evenZeros <= pairs * 0.05) encoding = 'utf-16le';
    else if (evenZeros >= pairs * 0.4 && oddZeros <= pairs * 0.05) encoding = 'utf-16be';
  }
  if (!encoding) return null;
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(b), encoding, bom };
  } catch {
    return null;
  }
}

/** Best guess for other non-UTF-8 captions: Windows-1252 / Latin-1 (captions saved by Windows editors). Never throws. */
function decodeLegacy(bytes: Uint8Array): string {
  try {
    return new TextDecoder('windows-1252').decode(bytes);
  } catch {
    return utf8Lenient.decode(bytes);
  }
}

/** Split a caption into tags: commas and newlines separate, whitespace is trimmed, empties dropped. */
export function parseTags(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\0/g, '')
    .split(/[,\r\n]+/)
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter((t) => t.length > 0);
}

/** The canonical caption text: `a, b, c` with a trailing newline-free end. */
export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}

/** Tag comparison ignores case, surrounding space and the `_` / space difference WD14 introduces. */
export function tagKey(tag: string): string {
  return tag.trim().toLowerCase().replace(/_/g, ' ').replace(/\s+/g, ' ');
}

export function hasTag(tags: readonly string[], tag: string): boolean {
  const k = tagKey(tag);
  return tags.some((t) => tagKey(t) === k);
}

/** Tags that occur more than once (by tagKey), in order of first repeat. */
export function duplicateTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const t of tags) {
    const k = tagKey(t);
    if (seen.has(k) && !dups.some((d) => tagKey(d) === k)) dups.push(t);
    seen.add(k);
  }
  return dups;
}

export function dedupeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const k = tagKey(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Rough CLIP token count: CLIP's BPE splits on words and punctuation and breaks long or rare words
 * into pieces; words over 6 letters count as two. Good enough to flag captions past the 75-token window.
 */
export function estimateClipTokens(text: string): number {
  const pieces = text.toLowerCase().match(/[a-z]+|\d|[^\sa-z\d]/g) ?? [];
  let n = 0;
  for (const p of pieces) n += /^[a-z]+$/.test(p) && p.length > 6 ? Math.ceil(p.length / 6) : 1;
  return n;
}
