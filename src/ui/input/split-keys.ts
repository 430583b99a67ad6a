/**
 * Splitting terminal input into keys. A terminal delivers keys in chunks: a paste, key repeat or a fast
 * typist sends several in one read, so a chunk is a sequence of keys, never one key. Bracketed paste
 * (ESC[200~ … ESC[201~) is text, not keys: it is collected whole, across chunks.
 */

export type InputEvent = { kind: 'key'; seq: string } | { kind: 'paste'; text: string };

/** Text collected so far inside a bracketed paste, or null outside one. */
export interface SplitState {
  paste: string | null;
}

export const PASTE_START = '\u001b[200~';
export const PASTE_END = '\u001b[201~';
const ESC = '\u001b';

const isCsiParam = (c: number) => c >= 0x20 && c <= 0x3f;
const isFinal = (c: number) => c >= 0x40 && c <= 0x7e;

/** Length of the escape sequence starting at `i` (an ESC), as the terminal sent it. */
function escapeLength(s: string, i: number): number {
  const next = s[i + 1];
  if (next === undefined) return 1; // a lone Esc
  if (next === '[') {
    let j = i + 2;
    // Legacy function keys: ESC[[A.
    if (s[j] === '[') j++;
    while (j < s.length && isCsiParam(s.charCodeAt(j))) j++;
    return j < s.length && isFinal(s.charCodeAt(j)) ? j - i + 1 : j - i;
  }
  if (next === 'O') return s[i + 2] !== undefined ? 3 : 2;
  if (next === ESC) {
    // Meta + an escape sequence (ESC ESC [A), or Esc pressed twice.
    const inner = escapeLength(s, i + 1);
    return s[i + 2] === '[' || s[i + 2] === 'O' ? 1 + inner : 1;
  }
  // Meta + a character (one code point).
  const cp = s.codePointAt(i + 1) ?? 0;
  return 1 + (cp > 0xffff ? 2 : 1);
}

/** Split one chunk into keys and pasted texts, in order; `state` carries a paste across chunks. */
export function splitInput(chunk: string, state: SplitState): { events: InputEvent[]; state: SplitState } {
  const events: InputEvent[] = [];
  let paste = state.paste;
  let i = 0;
  while (i < chunk.length) {
    if (paste !== null) {
      const end = chunk.indexOf(PASTE_END, i);
      if (end < 0) {
        paste += chunk.slice(i);
        break;
      }
      events.push({ kind: 'paste', text: paste + chunk.slice(i, end) });
      paste = null;
      i = end + PASTE_END.length;
      continue;
    }
    if (chunk.startsWith(PASTE_START, i)) {
      paste = '';
      i += PASTE_START.length;
      continue;
    }
    if (chunk.startsWith(PASTE_END, i)) {
      // An end without a start (the start was lost): nothing to deliver.
      i += PASTE_END.length;
      continue;
    }
    const len = chunk[i] === ESC ? escapeLength(chunk, i) : (chunk.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    events.push({ kind: 'key', seq: chunk.slice(i, i + len) });
    i += len;
  }
  return { events, state: { paste } };
}
