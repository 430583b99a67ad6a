import { describe, expect, it } from 'vitest';
import { formatClock } from '../../../src/text/clock.js';
import { formatDuration } from '../../../src/text/format.js';

describe('formatClock', () => {
  it('is formatDuration with two-digit minutes under an hour, as tqdm prints a run clock', () => {
    expect(formatClock(13)).toBe('00:13');
    expect(formatClock(65)).toBe('01:05');
    expect(formatClock(754)).toBe('12:34');
    expect(formatClock(3 * 3600 + 4 * 60 + 5)).toBe(formatDuration(3 * 3600 + 4 * 60 + 5));
    expect(formatClock(null)).toBe('--:--');
    expect(formatClock(-1)).toBe('--:--');
    expect(formatClock(Number.NaN)).toBe('--:--');
  });
});
