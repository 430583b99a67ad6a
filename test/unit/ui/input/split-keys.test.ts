import { describe, expect, it } from 'vitest';
import { PASTE_END, PASTE_START, splitInput, type InputEvent } from '../../../../src/ui/input/split-keys.js';

const keys = (chunk: string) => splitInput(chunk, { paste: null }).events.map((e) => (e.kind === 'key' ? e.seq : `paste:${e.text}`));

describe('splitInput', () => {
  it('splits a burst of letters, backspaces and arrows into one key each, in order', () => {
    expect(keys('jjjj')).toEqual(['j', 'j', 'j', 'j']);
    expect(keys('\u007f\u007f\u007f')).toEqual(['\u007f', '\u007f', '\u007f']);
    expect(keys('453')).toEqual(['4', '5', '3']);
    expect(keys('\u001b[A\u001b[Bx\u001b[5~\u001b[1;5C')).toEqual(['\u001b[A', '\u001b[B', 'x', '\u001b[5~', '\u001b[1;5C']);
  });

  it('keeps an emoji (two UTF-16 units) and a meta key whole', () => {
    expect(keys('a😀b')).toEqual(['a', '😀', 'b']);
    expect(keys('\u001bx\u001b\u001b[A\u001b')).toEqual(['\u001bx', '\u001b\u001b[A', '\u001b']);
    expect(keys('\u001bOA')).toEqual(['\u001bOA']);
  });

  it('collects a bracketed paste whole, across chunks, with the keys around it in order', () => {
    expect(keys(`e${PASTE_START}red hair, jjj${PASTE_END}\r`)).toEqual(['e', 'paste:red hair, jjj', '\r']);
    const a = splitInput(`${PASTE_START}maya, `, { paste: null });
    expect(a.events).toEqual([]);
    const b = splitInput(`smiling${PASTE_END}j`, a.state);
    expect(b.events).toEqual<InputEvent[]>([
      { kind: 'paste', text: 'maya, smiling' },
      { kind: 'key', seq: 'j' },
    ]);
    expect(b.state.paste).toBeNull();
  });

  it('drops a paste end without a start instead of reading it as keys', () => {
    expect(keys(`${PASTE_END}j`)).toEqual(['j']);
  });
});
