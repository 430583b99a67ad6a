import { Text } from 'ink';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { useScreenKeys } from '../../src/ui/keymap.js';
import type { KeyBinding } from '../../src/ui/keys.js';
import { KEY, renderScreen } from './render.js';

/** Two modes whose bindings differ, so a key sent before the new keymap is live would be lost. */
function Counter() {
  const [mode, setMode] = useState<'list' | 'edit'>('list');
  const [count, setCount] = useState(0);
  const [text, setText] = useState('');
  const bindings: KeyBinding[] = [
    { id: 'list.add', keys: ['a', 'space'], label: 'add', enabled: mode === 'list' },
    { id: 'list.same', keys: ['z'], label: 'nothing', enabled: mode === 'list' },
    { id: 'list.edit', keys: ['e'], label: 'edit', enabled: mode === 'list' },
    { id: 'edit.done', keys: ['esc'], label: 'done', enabled: mode === 'edit' },
  ];
  useScreenKeys(
    bindings,
    { 'list.add': () => setCount((c) => c + 1), 'list.same': () => setCount((c) => c), 'list.edit': () => setMode('edit'), 'edit.done': () => setMode('list') },
    { textEntry: mode === 'edit', onOther: (input) => mode === 'edit' && setText((t) => t + input) },
  );
  return <Text>{`${mode} count ${count} text "${text}"`}</Text>;
}

describe('screen harness', () => {
  it('press and write return once the key has been handled and rendered, with no wait in between', async () => {
    const h = renderScreen(<Counter />, { dir: '/', project: null });
    await h.waitForText('list count 0');
    expect(await h.press('list.add')).toContain('list count 1');
    await h.press('list.edit');
    // each key meets the handlers of the render before it: the letters go into the field, not to "add"
    for (const ch of 'aza') await h.write(ch);
    expect(h.lastFrame()).toContain('edit count 1 text "aza"');
    await h.write(KEY.esc); // a lone ESC is held by Ink until it knows no sequence follows
    expect(h.lastFrame()).toContain('list count 1');
    const before = h.lastFrame();
    // no visible change: press still returns (the dispatcher's own commit is a frame like the one before)
    expect(await h.press('list.same')).toBe(before);
    h.unmount();
  });

  it('refuses a binding the screen does not publish or has disabled', async () => {
    const h = renderScreen(<Counter />, { dir: '/', project: null });
    await h.waitForText('list count 0');
    await expect(h.press('list.remove')).rejects.toThrow(/no binding "list.remove" \(it has: list.add, list.same, list.edit, edit.done\)/);
    await expect(h.press('edit.done')).rejects.toThrow(/disabled/);
    h.unmount();
  });
});
