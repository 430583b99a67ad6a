import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, plural } from '../../../src/text/format.js';
import { glyphsFor, unicodeSupported } from '../../../src/text/glyphs.js';

describe('text', () => {
  it('formats bytes, durations, counts and plurals the same way for every face', () => {
    expect(formatBytes(376)).toBe('376 B');
    expect(formatBytes(1.4 * 1024 * 1024)).toBe('1.4 MB');
    expect(formatBytes(Number.NaN)).toBe('?');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3 * 3600 + 4 * 60 + 5)).toBe('3:04:05');
    expect(formatDuration(-1)).toBe('--:--');
    expect(formatCount(3400)).toBe('3,400');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1234.5)).toBe('-1,234.5');
    expect(formatCount(999)).toBe('999');
    expect(plural(1, 'image')).toBe('1 image');
    expect(plural(1480, 'image')).toBe('1,480 images');
    expect(plural(2, 'prompt index', 'prompt indices')).toBe('2 prompt indices');
  });

  it('falls back to ASCII glyphs where the terminal cannot show Unicode', () => {
    expect(unicodeSupported({ LANG: 'C.UTF-8' })).toBe(true);
    expect(unicodeSupported({})).toBe(true);
    expect(unicodeSupported({ LANG: 'C' })).toBe(false);
    expect(unicodeSupported({ TERM: 'linux', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(unicodeSupported({ LORAPILOT_ASCII: '1', LANG: 'en_US.UTF-8' })).toBe(false);
    const ascii = glyphsFor({ LANG: 'POSIX' });
    const uni = glyphsFor({ LANG: 'en_US.utf8' });
    expect(uni.error).toBe('✖');
    expect(ascii.error).toBe('x');
    for (const g of Object.values(ascii)) expect(g).toMatch(/^[\x20-\x7e]+$/);
    expect(Object.keys(ascii).sort()).toEqual(Object.keys(uni).sort());
  });
});
