import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { KeymapProvider, useScreenKeys } from '../../src/ui/keymap.js';
import type { KeyBinding } from '../../src/ui/keys.js';
import { PASTE_END, PASTE_START } from '../../src/ui/input/split-keys.js';
import { reactIdle } from '../helpers/react-idle.js';
import { KEY } from '../helpers/key-sequence.js';

const LIST: KeyBinding[] = [
  { id: 'down', keys: ['down', 'j'], label: 'down' },
  { id: 'edit', keys: ['e'], label: 'edit' },
];
const FIELD: KeyBinding[] = [
  { id: 'save', keys: ['enter'], label: 'save' },
  { id: 'erase', keys: ['backspace'], label: 'erase' },
];

/** A list with a text field, keeping its state in plain React state (no refs): the dispatcher must order it. */
function Probe() {
  const [row, setRow] = useState(0);
  const [text, setText] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const editing = text !== null;
  useScreenKeys(
    editing ? FIELD : LIST,
    {
      down: () => setRow(row + 1),
      edit: () => setText(saved),
      save: () => {
        setSaved(text ?? '');
        setText(null);
      },
      erase: () => setText((text ?? '').slice(0, -1)),
    },
    { textEntry: editing, onOther: (input) => editing && setText((text ?? '') + input) },
  );
  return <Text>{`row ${row} | ${editing ? `typing [${text}]` : `saved [${saved}]`}`}</Text>;
}

function setup() {
  const r = render(
    <KeymapProvider>
      <Probe />
    </KeymapProvider>,
  );
  const write = async (s: string) => {
    await reactIdle(() => r.frames.length);
    r.stdin.write(s);
    await reactIdle(() => r.frames.length);
  };
  return { ...r, write };
}

describe('one input dispatcher', () => {
  it('moves 20 times for 20 keys written at once, arrows and letters alike', async () => {
    const r = setup();
    await r.write('j'.repeat(20));
    expect(r.lastFrame()).toContain('row 20 |');
    await r.write(KEY.down.repeat(5) + 'jj');
    expect(r.lastFrame()).toContain('row 27 |');
    r.unmount();
  });

  it('applies a mode switch to the very next key of the same write', async () => {
    const r = setup();
    // e opens the field; the letters after it are typed (j is not "down" there), enter saves.
    await r.write('ejjq\r');
    expect(r.lastFrame()).toContain('row 0 | saved [jjq]');
    r.unmount();
  });

  it('deletes three characters for three backspaces in one write', async () => {
    const r = setup();
    await r.write('eabcdef');
    await r.write(KEY.backspace.repeat(3));
    expect(r.lastFrame()).toContain('typing [abc]');
    r.unmount();
  });

  it('takes a bracketed paste as one text, even split across writes, with its line breaks as spaces', async () => {
    const r = setup();
    await r.write('e');
    await r.write(`${PASTE_START}maya_char, red hair,\nsmiling`);
    await r.write(` e j q${PASTE_END}\r`);
    expect(r.lastFrame()).toContain('saved [maya_char, red hair, smiling e j q]');
    r.unmount();
  });

  it('ignores a paste outside a text field (it is not keys)', async () => {
    const r = setup();
    await r.write(`${PASTE_START}jjj${PASTE_END}`);
    expect(r.lastFrame()).toContain('row 0 |');
    r.unmount();
  });
});
