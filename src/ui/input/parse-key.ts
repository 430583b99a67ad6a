import type { Key } from 'ink';

/** One key as the handlers see it: Ink's `(input, key)` pair, so every existing handler reads it unchanged. */
export interface KeyPress {
  input: string;
  key: Key;
}

const NONE: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

type Named = 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'home' | 'end' | 'pageUp' | 'pageDown' | 'delete' | 'tab';

/** Final byte of CSI/SS3 cursor keys. */
const FINAL: Record<string, Named> = { A: 'upArrow', B: 'downArrow', C: 'rightArrow', D: 'leftArrow', H: 'home', F: 'end' };
/** ESC[n~ function keys. */
const TILDE: Record<string, Named> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete', '5': 'pageUp', '6': 'pageDown' };

function named(name: Named, modifier = 1, meta = false): KeyPress {
  // xterm modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4).
  const m = Math.max(0, modifier - 1);
  return { input: '', key: { ...NONE, [name]: true, shift: (m & 1) !== 0, meta: meta || (m & 2) !== 0, ctrl: (m & 4) !== 0 } };
}

/** What one key sequence (from splitInput) means. Unknown sequences come back with no flags and no input. */
export function parseKey(seq: string): KeyPress {
  if (seq === '\r' || seq === '\n') return { input: '', key: { ...NONE, return: true } };
  if (seq === '\t') return { input: '', key: { ...NONE, tab: true } };
  if (seq === '\u007f' || seq === '\b') return { input: '', key: { ...NONE, backspace: true } };
  if (seq === '\u001b' || seq === '\u001b\u001b') return { input: '', key: { ...NONE, escape: true, meta: true } };
  if (seq === '\u001b[Z') return { input: '', key: { ...NONE, tab: true, shift: true } };
  if (seq.startsWith('\u001b\u001b')) {
    const inner = parseKey(seq.slice(1));
    return { ...inner, key: { ...inner.key, meta: true } };
  }
  if (seq.startsWith('\u001b[') || seq.startsWith('\u001bO')) {
    const body = seq.slice(2).replace(/^\[/, '');
    const final = body.slice(-1);
    const params = body.slice(0, -1).split(';');
    if (final === '~') {
      const name = TILDE[params[0]];
      return name ? named(name, Number(params[1] ?? 1)) : { input: '', key: NONE };
    }
    const name = FINAL[final];
    return name ? named(name, Number(params[1] ?? 1)) : { input: '', key: NONE };
  }
  if (seq.startsWith('\u001b')) {
    const inner = parseKey(seq.slice(1));
    return { ...inner, key: { ...inner.key, meta: true } };
  }
  const code = seq.charCodeAt(0);
  // Ctrl+letter: 0x01–0x1a (Tab, Enter and Backspace are handled above).
  if (seq.length === 1 && code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), key: { ...NONE, ctrl: true } };
  if (seq.length === 1 && code < 32) return { input: '', key: NONE };
  return { input: seq, key: { ...NONE, shift: /^[A-Z]$/.test(seq) } };
}
