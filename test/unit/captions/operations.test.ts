import { describe, expect, it } from 'vitest';
import { decodeCaption } from '../../../src/dataset/caption.js';
import { identityMatcher } from '../../../src/captions/identity.js';
import { planCaption, type CaptionOp } from '../../../src/captions/operations.js';
import type { FolderKind } from '../../../src/dataset/scan.js';

const ctx = { trigger: 'maya_char', identityTags: ['freckled nose', '*_wings'] };
const enc = new TextEncoder();

function plan(op: CaptionOp, text: string | Uint8Array | null, folderKind: FolderKind = 'character') {
  const bytes = text === null ? null : typeof text === 'string' ? enc.encode(text) : text;
  return planCaption(op, { bytes, decoded: bytes ? decodeCaption(bytes) : null, folderKind }, ctx);
}

describe('ensure-trigger', () => {
  it('puts the trigger first and removes its other copies and spellings', () => {
    const p = plan({ kind: 'ensure-trigger' }, 'portrait, Maya Char, smiling, maya_char');
    expect(p.after).toBe('maya_char, portrait, smiling');
    expect(p.added).toEqual([]);
  });
  it('adds a missing trigger and replaces the [trigger] placeholder', () => {
    expect(plan({ kind: 'ensure-trigger' }, 'portrait, smiling').after).toBe('maya_char, portrait, smiling');
    expect(plan({ kind: 'ensure-trigger' }, 'portrait, [trigger]').after).toBe('maya_char, portrait');
  });
  it('leaves a correct caption and missing captions alone', () => {
    expect(plan({ kind: 'ensure-trigger' }, 'maya_char, portrait').after).toBeNull();
    expect(plan({ kind: 'ensure-trigger' }, null).after).toBeNull();
  });
});

describe('ensure-tag', () => {
  it('places the tag second, after the trigger, moving an existing copy', () => {
    expect(plan({ kind: 'ensure-tag', tag: 'realistic_body' }, 'maya_char, legs, standing').after).toBe('maya_char, realistic_body, legs, standing');
    expect(plan({ kind: 'ensure-tag', tag: 'realistic_body' }, 'maya_char, legs, realistic body').after).toBe('maya_char, realistic_body, legs');
  });
  it('goes first when the caption has no trigger yet', () => {
    expect(plan({ kind: 'ensure-tag', tag: 'realistic_body' }, 'legs').after).toBe('realistic_body, legs');
  });
  it('is a no-op when already second', () => {
    expect(plan({ kind: 'ensure-tag', tag: 'realistic_body' }, 'maya_char, realistic_body, legs').after).toBeNull();
  });
});

describe('remove-tag and replace-tag', () => {
  it('removes every listed tag, ignoring case and _/space, with * globs', () => {
    const p = plan({ kind: 'remove-tag', tags: ['Red_Dress', '*background'] }, 'maya_char, red dress, urban background, simple background, smiling');
    expect(p.after).toBe('maya_char, smiling');
    expect(p.removed).toEqual(['red dress', 'urban background', 'simple background']);
  });
  it('replaces in place and merges with an existing copy of the new tag', () => {
    expect(plan({ kind: 'replace-tag', from: 'closeup', to: 'portrait' }, 'maya_char, closeup, smiling').after).toBe('maya_char, portrait, smiling');
    expect(plan({ kind: 'replace-tag', from: 'closeup', to: 'portrait' }, 'maya_char, portrait, closeup').after).toBe('maya_char, portrait');
  });
});

describe('normalize', () => {
  it('fixes BOM, CRLF, separators, spacing and duplicates, and says what it did', () => {
    const p = plan({ kind: 'normalize' }, '\uFEFFmaya_char,portrait ,  smiling\r\nsmiling\r\n');
    expect(p.after).toBe('maya_char, portrait, smiling');
    expect(p.notes).toEqual(expect.arrayContaining(['BOM removed', 'CRLF → LF']));
  });
  it('re-encodes Windows-1252 bytes as UTF-8', () => {
    const p = plan({ kind: 'normalize' }, new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x20, 0x78]));
    expect(p.after).toBe('café, x');
    expect(p.notes).toContain('re-encoded as UTF-8');
  });
  it('leaves canonical captions untouched', () => {
    expect(plan({ kind: 'normalize' }, 'maya_char, portrait').after).toBeNull();
  });
});

describe('create-missing', () => {
  it('writes the folder template with slots to fill, not a bare trigger, for images without a caption or with an empty one', () => {
    expect(plan({ kind: 'create-missing' }, null, 'character').after).toBe('maya_char, [describe shot], [describe pose], [describe clothing], [describe setting and lighting]');
    expect(plan({ kind: 'create-missing' }, null, 'realbody').after).toBe('maya_char, realistic_body, [describe body part], [describe pose], [describe lighting]');
    expect(plan({ kind: 'create-missing' }, ' \n', 'realbody').after).toBe('maya_char, realistic_body, [describe body part], [describe pose], [describe lighting]');
    expect(plan({ kind: 'create-missing' }, 'maya_char, portrait').after).toBeNull();
  });
});

describe('prune-identity', () => {
  it('removes fixed features and keeps clothing, pose and background', () => {
    const p = plan({ kind: 'prune-identity' }, 'maya_char, long hair, blonde hair, blue eyes, freckles, large breasts, ponytail, red dress, standing, beach, hair ornament');
    expect(p.after).toBe('maya_char, red dress, standing, beach, hair ornament');
  });
  it('honours the project list, globs included', () => {
    expect(plan({ kind: 'prune-identity' }, 'maya_char, Freckled_Nose, angel_wings, smiling').after).toBe('maya_char, smiling');
  });
  it('matches colour patterns generically', () => {
    const m = identityMatcher();
    expect(m('light_brown_hair')).toBe(true);
    expect(m('Green Eyes')).toBe(true);
    expect(m('green dress')).toBe(false);
  });
});

describe('add-tags (auto-tagging merge)', () => {
  it('keeps the user tags and appends new ones without duplicates', () => {
    expect(plan({ kind: 'add-tags', tags: ['1girl', 'smiling', 'red dress'], mode: 'merge' }, 'maya_char, smiling').after).toBe('maya_char, smiling, 1girl, red dress');
  });
  it('starts a missing caption from the folder template; missing mode skips captioned images', () => {
    expect(plan({ kind: 'add-tags', tags: ['legs'], mode: 'missing' }, null, 'realbody').after).toBe('maya_char, realistic_body, legs');
    expect(plan({ kind: 'add-tags', tags: ['legs'], mode: 'missing' }, 'maya_char').after).toBeNull();
  });
});
