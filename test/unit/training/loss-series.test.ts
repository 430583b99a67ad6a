import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LossSeries } from '../../../src/training/loss-series.js';

function filled(n: number, f: (k: number) => number, opts = {}) {
  const s = new LossSeries(opts);
  for (let k = 0; k < n; k++) s.add(k, f(k));
  return s;
}

describe('loss series', () => {
  it('downsamples the recent steps exactly: min, mean, max per column', () => {
    const s = filled(100, (k) => k);
    const cols = s.downsample(0, 99, 10);
    expect(cols).toHaveLength(10);
    expect(cols[0]).toMatchObject({ from: 0, to: 9, min: 0, max: 9, mean: 4.5, count: 10 });
    expect(cols[9]).toMatchObject({ from: 90, to: 99, min: 90, max: 99, mean: 94.5, count: 10 });
  });

  it('keeps memory bounded for a run of any length and still covers the whole run', () => {
    const small = { recent: 1024, levelCapacity: 256 };
    const a = filled(10_000, (k) => 1 / (1 + k), small);
    const b = filled(2_000_000, (k) => 1 / (1 + k), small);
    expect(b.memoryBytes()).toBeLessThan(a.memoryBytes() * 3);
    expect(b.count).toBe(2_000_000);
    const cols = b.downsample(0, 1_999_999, 100);
    expect(cols[0].max).toBe(1); // step 0 is still represented
    expect(cols[0].count + cols.slice(1).reduce((n, c) => n + c.count, 0)).toBe(2_000_000);
    expect(cols[99].min).toBeCloseTo(1 / 2_000_000, 9);
    for (const c of cols) expect(Number.isFinite(c.mean) && Number.isFinite(c.ema)).toBe(true);
  });

  it('pyramid columns agree with the exact ones (mean, min, max)', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: 0, max: 2, noNaN: true }), { minLength: 50, maxLength: 3000 }), fc.integer({ min: 1, max: 40 }), (values, width) => {
        const exact = new LossSeries({ recent: 100_000 });
        const coarse = new LossSeries({ recent: 16, levelCapacity: 16, factor: 4 });
        values.forEach((v, k) => {
          exact.add(k, v);
          coarse.add(k, v);
        });
        const total = values.reduce((a, b) => a + b, 0);
        const cols = coarse.downsample(0, values.length - 1, width);
        const sum = cols.reduce((a, c) => a + c.mean * c.count, 0);
        expect(sum).toBeCloseTo(total, 2);
        expect(Math.max(...cols.map((c) => c.max))).toBe(Math.max(...values.map((v) => Math.fround(v))));
        expect(Math.min(...cols.map((c) => c.min))).toBe(Math.min(...values.map((v) => Math.fround(v))));
        void exact;
      }),
      { numRuns: 40 },
    );
  });

  it('smooths with an EMA that does not lean on the first value', () => {
    const s = filled(400, (k) => (k === 0 ? 10 : 1));
    expect(s.last!.ema).toBeLessThan(1.1);
    const flat = filled(50, () => 0.5);
    expect(flat.last!.ema).toBeCloseTo(0.5, 9);
  });

  it('a resumed run replaces the re-run steps instead of doubling them', () => {
    const s = filled(30, () => 1);
    s.add(20, 2);
    s.add(21, 2);
    expect(s.count).toBe(22);
    expect(s.lastStep).toBe(21);
    expect(s.valueAt(19)).toBe(1);
    expect(s.valueAt(20)).toBe(2);
    expect(s.valueAt(25)).toBeNull();
    const cols = s.downsample(0, 21, 22);
    expect(cols.reduce((n, c) => n + c.count, 0)).toBe(22);
  });

  it('takes exact values for steps it holds (loss_log.db reconciliation)', () => {
    const s = filled(10, () => 0.4123);
    expect(s.set(3, 0.41234567)).toBe(true);
    expect(s.valueAt(3)).toBe(0.41234567);
    expect(s.set(99, 1)).toBe(false);
  });

  it('never returns gaps: empty columns repeat a neighbour', () => {
    const s = new LossSeries();
    for (let k = 0; k < 1000; k += 100) s.add(k, k / 1000);
    const cols = s.downsample(0, 999, 50);
    expect(cols.every((c) => Number.isFinite(c.mean) && Number.isFinite(c.min) && Number.isFinite(c.max))).toBe(true);
    expect(cols.filter((c) => c.count > 0)).toHaveLength(10);
  });

  it('gives the loss around a step for checkpoint tables', () => {
    const s = filled(1000, (k) => (k < 500 ? 1 : 0.5));
    expect(s.around(250, 10)!.mean).toBe(1);
    expect(s.around(750, 10)!.mean).toBe(0.5);
    expect(s.around(5000, 10)).toBeNull();
  });
});
