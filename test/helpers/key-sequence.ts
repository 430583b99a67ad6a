/** What a terminal sends for each key spec of a binding (src/ui/keys.ts names). */
const NAMED: Record<string, string> = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  esc: '\u001B',
  tab: '\t',
  'shift+tab': '\u001B[Z',
  pageup: '\u001B[5~',
  pagedown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  backspace: '\u007F',
  delete: '\u001B[3~',
  space: ' ',
};

/** The keys tests type by name. */
export const KEY = {
  up: NAMED.up,
  down: NAMED.down,
  right: NAMED.right,
  left: NAMED.left,
  enter: NAMED.enter,
  esc: NAMED.esc,
  tab: NAMED.tab,
  backspace: NAMED.backspace,
  pageDown: NAMED.pagedown,
  pageUp: NAMED.pageup,
  ctrlC: '\u0003',
} as const;

export function keySequence(spec: string): string {
  const named = NAMED[spec];
  if (named !== undefined) return named;
  if (spec.startsWith('ctrl+') && spec.length === 6) return String.fromCharCode(spec.charCodeAt(5) & 0x1f);
  if ([...spec].length === 1) return spec;
  throw new Error(`no key sequence for key spec "${spec}"`);
}
