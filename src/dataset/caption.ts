/**
 * Caption text model. ai-toolkit splits captions on ',' and re-joins with ', '
 * (reference/ai-toolkit.md §4), so a caption is an ordered list of tags.
 */

export interface DecodedCaption {
  /** Text decoded as UTF-8 (invalid bytes become U+FFFD), BOM removed. */
  text: string;
  bom: boolean;
  crlf: boolean;
  /** The bytes are not valid UTF-8. */
  invalidUtf8: boolean;
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
  let invalidUtf8 = false;
  try {
    text = utf8.decode(body);
  } catch {
    invalidUtf8 = true;
    text = decodeLegacy(body);
  }
  return { text, bom, crlf: text.includes('\r'), invalidUtf8, empty: text.trim() === '' };
}

/**
 * Best guess for non-UTF-8 captions: valid UTF-16 with a BOM, else Windows-1252 / Latin-1
 * (the usual culprit: captions saved by Windows editors). Never throws.
 */
function decodeLegacy(bytes: Uint8Array): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    try {
      return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(2));
    } catch {
      /* fall through */
    }
  }
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
