import { describe, expect, it } from 'vitest';
import { clampHelpScroll, helpLines } from '../../../src/ui/help-lines.js';
import { GLOBAL_BINDINGS, type KeyBinding } from '../../../src/ui/keys.js';

const screen: KeyBinding[] = [
  { id: 'down', keys: ['down', 'j'], label: 'down', group: 'Move', helpOnly: true },
  { id: 'edit', keys: ['e'], label: 'edit', description: 'Edit the tags', group: 'Edit' },
  { id: 'end', keys: ['end', 'G'], label: 'last', group: 'Move', helpOnly: true },
  { id: 'off', keys: ['x'], label: 'hidden', group: 'Edit', enabled: false },
];

describe('helpLines', () => {
  it('lists every enabled key, help-only ones too, grouped in table order, app keys last', () => {
    const lines = helpLines('Captions', screen, false, GLOBAL_BINDINGS);
    const groups = lines.filter((l) => l.kind === 'group').map((l) => (l.kind === 'group' ? l.text : ''));
    expect(groups).toEqual(['Move', 'Edit', 'App']);
    const keys = lines.flatMap((l) => (l.kind === 'key' ? [l.keys] : []));
    expect(keys.slice(0, 3)).toEqual(['↓/j', 'end/G', 'e']);
    expect(keys).not.toContain('x');
    for (const b of GLOBAL_BINDINGS) expect(keys.some((k) => k.startsWith(b.keys[0]))).toBe(true);
  });

  it('says what typing does while a field has focus', () => {
    const lines = helpLines('Captions', [], true, GLOBAL_BINDINGS);
    expect(lines.some((l) => l.kind === 'group' && l.text === 'Typing')).toBe(true);
  });

  it('keeps the scroll inside the list', () => {
    expect(clampHelpScroll(-3, 40, 10)).toBe(0);
    expect(clampHelpScroll(99, 40, 10)).toBe(30);
    expect(clampHelpScroll(5, 4, 10)).toBe(0);
  });
});
