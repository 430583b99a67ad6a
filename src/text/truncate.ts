import { glyph } from './glyphs.js';

/** `s` cut to at most `n` characters, the cut marked with an ellipsis. */
export function truncate(s: string, n: number): string {
  if (s.length <= n) return s;
  const mark = glyph.ellipsis;
  return n <= mark.length ? s.slice(0, n) : `${s.slice(0, n - mark.length)}${mark}`;
}
