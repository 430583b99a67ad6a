/**
 * One keybinding registry per screen: the same list drives input handling, the footer hints
 * and the `?` help overlay, so what the user reads is what the keys do.
 */
import type { Key } from 'ink';

export interface KeyBinding {
  /** Stable id, e.g. 'findings.next'. */
  id: string;
  /** Key specs: a character ('q', '?', ' ') or a name: up down left right enter esc tab shift+tab
   *  pageup pagedown home end backspace delete space, and ctrl+<char>. */
  keys: string[];
  /** Short label for the footer ("next"). */
  label: string;
  /** Sentence for the help overlay; defaults to the label. */
  description?: string;
  /** Help overlay section. */
  group?: string;
  /** Shown in help but not in the footer. */
  helpOnly?: boolean;
  /** Inactive bindings are neither matched nor shown. */
  enabled?: boolean;
}

const NAMED: Record<string, (input: string, key: Key) => boolean> = {
  up: (_, k) => k.upArrow,
  down: (_, k) => k.downArrow,
  left: (_, k) => k.leftArrow,
  right: (_, k) => k.rightArrow,
  enter: (_, k) => k.return,
  esc: (_, k) => k.escape,
  tab: (_, k) => k.tab && !k.shift,
  'shift+tab': (_, k) => k.tab && k.shift,
  pageup: (_, k) => k.pageUp,
  pagedown: (_, k) => k.pageDown,
  home: (_, k) => Boolean((k as Key & { home?: boolean }).home),
  end: (_, k) => Boolean((k as Key & { end?: boolean }).end),
  backspace: (_, k) => k.backspace,
  delete: (_, k) => k.delete,
  space: (input) => input === ' ',
};

export function matchKey(spec: string, input: string, key: Key): boolean {
  const named = NAMED[spec];
  if (named) return named(input, key);
  if (spec.startsWith('ctrl+')) return key.ctrl && input === spec.slice(5);
  if (key.ctrl || key.meta) return false;
  return input === spec;
}

/** The binding a key press selects, if any. */
export function findBinding(bindings: readonly KeyBinding[], input: string, key: Key): KeyBinding | undefined {
  return bindings.find((b) => b.enabled !== false && b.keys.some((s) => matchKey(s, input, key)));
}

const DISPLAY: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  enter: 'enter',
  esc: 'esc',
  tab: 'tab',
  'shift+tab': 'shift+tab',
  pageup: 'pgup',
  pagedown: 'pgdn',
  space: 'space',
  ' ': 'space',
  backspace: 'bksp',
};

export function formatKeys(keys: readonly string[]): string {
  const shown = keys.map((k) => DISPLAY[k] ?? (k.startsWith('ctrl+') ? `^${k.slice(5).toUpperCase()}` : k));
  // ↑/↓ and ←/→ read better joined.
  return shown.join('/');
}

/** Global bindings owned by the app shell (help, steps, quit). */
export const GLOBAL_BINDINGS: KeyBinding[] = [
  { id: 'app.help', keys: ['?'], label: 'help', description: 'Show or hide this help', group: 'App' },
  { id: 'app.nextStep', keys: [']'], label: 'next step', description: 'Go to the next step', group: 'App', helpOnly: true },
  { id: 'app.prevStep', keys: ['['], label: 'prev step', description: 'Go to the previous step', group: 'App', helpOnly: true },
  { id: 'app.step', keys: ['1', '2', '3', '4', '5', '6'], label: 'step', description: 'Jump to a step by number', group: 'App', helpOnly: true },
  { id: 'app.quit', keys: ['q', 'ctrl+c'], label: 'quit', description: 'Quit (the terminal is restored; training keeps running)', group: 'App' },
];
