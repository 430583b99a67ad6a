import { describe, expect, it } from 'vitest';
import { BOUNDS, boundText, parseBounded, withinBound } from '../../../src/text/bounds.js';

describe('the bounds table', () => {
  it('refuses what cannot train, however it is spelled, and says the range', () => {
    for (const t of ['1e12', '99999999999999999999', '1000001', '0', '-5', '2.5', '0x10', 'Infinity', '', ' ']) {
      expect(parseBounded(t, BOUNDS.steps).ok, t).toBe(false);
    }
    expect(parseBounded('1e12', BOUNDS.steps)).toEqual({ ok: false, message: 'takes a whole number from 1 to 1,000,000 (steps); 1e12 is out of range' });
    expect(parseBounded('3400', BOUNDS.steps)).toEqual({ ok: true, value: 3400 });
    expect(parseBounded('1e-4', BOUNDS.lr)).toEqual({ ok: true, value: 1e-4 });
    expect(parseBounded('1000000', BOUNDS.seeds).ok).toBe(false);
  });

  it('every bound is a real range', () => {
    for (const [name, b] of Object.entries(BOUNDS)) {
      expect(b.min < b.max, name).toBe(true);
      expect(withinBound(b.min, b) && withinBound(b.max, b), name).toBe(true);
      expect(withinBound(b.max * 2 + 1, b), name).toBe(false);
    }
  });
});

describe('the range as a person reads it', () => {
  it('groups thousands and writes small numbers out, never as an exponent', () => {
    expect(boundText(BOUNDS.steps)).toBe('a whole number from 1 to 1,000,000');
    expect(boundText(BOUNDS.lr)).toBe('a number from 0.000000001 to 1');
    expect(boundText(BOUNDS.strength)).toBe('a number from 0.01 to 2');
    expect(boundText(BOUNDS.byteOffset)).toBe(`a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  });
});
