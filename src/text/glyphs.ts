/**
 * The one glyph set every face draws with: severities, marks and arrows, so meaning survives without
 * colour. Terminals that cannot show them (the Linux console, a non-UTF-8 locale, or LORAPILOT_ASCII=1)
 * get the ASCII column instead.
 */

const UNICODE = {
  error: '✖',
  warning: '▲',
  info: '●',
  success: '✔',
  todo: '·',
  pointer: '❯',
  marked: '◆',
  unmarked: '◇',
  arrow: '→',
  resumed: '↻',
  stopped: '■',
  ellipsis: '…',
  dash: '—',
  separator: '·',
} as const;

export type GlyphName = keyof typeof UNICODE;
export type Glyphs = Record<GlyphName, string>;

const ASCII: Glyphs = {
  error: 'x',
  warning: '!',
  info: 'i',
  success: '+',
  todo: '.',
  pointer: '>',
  marked: '*',
  unmarked: 'o',
  arrow: '->',
  resumed: '~',
  stopped: '#',
  ellipsis: '...',
  dash: '-',
  separator: '|',
};

/** Unicode unless the environment says the terminal cannot show it. */
export function unicodeSupported(env: NodeJS.ProcessEnv = process.env): boolean {
  const forced = env.LORAPILOT_ASCII;
  if (forced !== undefined && forced !== '' && forced !== '0') return false;
  if (env.TERM === 'linux') return false;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  if (locale && locale !== '' && !/utf-?8/i.test(locale)) return false;
  return true;
}

export function glyphsFor(env: NodeJS.ProcessEnv = process.env): Glyphs {
  return unicodeSupported(env) ? { ...UNICODE } : { ...ASCII };
}

export const glyph: Glyphs = glyphsFor();

export type Severity = 'error' | 'warning' | 'info';

export function severityGlyph(s: Severity | 'success'): string {
  return glyph[s];
}
