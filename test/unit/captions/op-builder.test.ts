import { describe, expect, it } from 'vitest';
import { BULK_ACTIONS, captionOpFromArgs, captionOpFromInput, opContextFor } from '../../../src/captions/op-builder.js';

describe('caption operations from what was typed', () => {
  it('the screen’s bulk prompts build the operations the command builds from its arguments', () => {
    expect(captionOpFromInput('ensure-realbody')).toEqual(captionOpFromArgs('ensure-tag', ['realistic_body']));
    expect(captionOpFromInput('remove-tag', 'red dress, *hair')).toEqual(captionOpFromArgs('remove-tag', ['red dress', '*hair']));
    expect(captionOpFromInput('replace-tag', 'legs => thighs')).toEqual(captionOpFromArgs('replace-tag', ['legs', 'thighs']));
    expect(captionOpFromInput('normalize')).toEqual({ ok: true, op: { kind: 'normalize' } });
    expect(BULK_ACTIONS.map((b) => b.id)).toContain('prune-identity');
  });

  it('refuses the same inputs on both faces', () => {
    expect(captionOpFromArgs('replace-tag', ['legs', 'a, b'])).toMatchObject({ ok: false, message: 'replace-tag takes OLD and NEW (no commas in NEW)' });
    expect(captionOpFromInput('replace-tag', 'legs => a, b')).toMatchObject({ ok: false, message: 'replace-tag takes OLD and NEW (no commas in NEW)' });
    expect(captionOpFromInput('replace-tag', 'legs thighs')).toMatchObject({ ok: false, message: 'write it as OLD => NEW' });
    expect(captionOpFromInput('ensure-tag', '  ')).toMatchObject({ ok: false, message: 'no tag given' });
    expect(captionOpFromArgs('frobnicate', [])).toMatchObject({ ok: false });
  });

  it('an operation that writes the trigger word does not run without one', () => {
    const ws = { trigger: null, identityTags: [] };
    expect(opContextFor({ kind: 'ensure-trigger' }, ws)).toMatchObject({ ok: false });
    expect(opContextFor({ kind: 'create-missing' }, ws)).toMatchObject({ ok: false });
    expect(opContextFor({ kind: 'normalize' }, ws)).toMatchObject({ ok: true });
  });
});
