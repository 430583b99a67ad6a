import { describe, expect, it } from 'vitest';
import { parseKey } from '../../../../src/ui/input/parse-key.js';
import { pastedText, routeKey, type KeyLayer } from '../../../../src/ui/input/route.js';
import { GLOBAL_BINDINGS } from '../../../../src/ui/keys.js';

const layer = (bindings: KeyLayer['bindings'], textEntry = false): KeyLayer => ({ bindings, handlers: {}, textEntry, onOther: () => undefined });
const app = layer(GLOBAL_BINDINGS);
const screen = layer([{ id: 's.down', keys: ['j'], label: 'down' }, { id: 's.score', keys: ['1', '2'], label: 'score' }]);
const field = layer([{ id: 'f.save', keys: ['enter'], label: 'save' }], true);
const overlay = layer([{ id: 'help.close', keys: ['?', 'esc', 'q'], label: 'close' }]);
const to = (seq: string, l: Parameters<typeof routeKey>[1]) => {
  const r = routeKey(parseKey(seq), l);
  return r === null ? null : 'binding' in r ? r.binding.id : 'other';
};

describe('routeKey', () => {
  it('gives the screen its keys first, then the app, then the screen\'s typing', () => {
    expect(to('j', { overlay: null, screen, app })).toBe('s.down');
    expect(to('1', { overlay: null, screen, app })).toBe('s.score');
    expect(to('3', { overlay: null, screen, app })).toBe('app.step');
    expect(to('q', { overlay: null, screen, app })).toBe('app.quit');
    expect(to('x', { overlay: null, screen, app })).toBe('other');
  });

  it('keeps q, ? and digits for a focused field; ctrl+c still quits', () => {
    expect(to('q', { overlay: null, screen: field, app })).toBe('other');
    expect(to('?', { overlay: null, screen: field, app })).toBe('other');
    expect(to('\r', { overlay: null, screen: field, app })).toBe('f.save');
    expect(to('\u0003', { overlay: null, screen: field, app })).toBe('app.quit');
  });

  it('lets the open help own every key but ctrl+c', () => {
    expect(to('j', { overlay, screen, app })).toBeNull();
    expect(to('q', { overlay, screen, app })).toBe('help.close');
    expect(to('\u0003', { overlay, screen, app })).toBe('app.quit');
  });
});

describe('pastedText', () => {
  it('makes one line of a pasted caption and drops control sequences', () => {
    expect(pastedText('maya_char,\r\nred hair,\tsmiling\u001b[31m\u0007')).toBe('maya_char, red hair, smiling');
  });
});
