import { formatCount } from '../text/format.js';
import type { SeriesColumn } from '../training/loss-series.js';

/**
 * The loss chart's scales, as pure functions: the y range (outliers clipped so one spike does not
 * flatten the curve), linear or log rows, step ticks along the x axis, and the zoom levels a run of
 * a given length offers.
 */
export type ChartScale = 'linear' | 'log';

export interface YRange {
  lo: number;
  hi: number;
  /** The scale actually drawn: log falls back to linear when a value is not positive. */
  scale: ChartScale;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i];
}

/**
 * The range the rows cover: the whole smoothed curve, and the raw band up to its 95th percentile
 * at either end. Raw values outside are drawn as a clip mark in their column.
 */
export function yRange(cols: readonly SeriesColumn[], wanted: ChartScale): YRange {
  const emas = cols.map((c) => c.ema);
  const maxes = cols.map((c) => c.max).sort((a, b) => a - b);
  const mins = cols.map((c) => c.min).sort((a, b) => a - b);
  let lo = Math.min(...emas, quantile(mins, 0.05));
  let hi = Math.max(...emas, quantile(maxes, 0.95));
  const scale: ChartScale = wanted === 'log' && lo > 0 ? 'log' : 'linear';
  if (scale === 'log') {
    lo = Math.log10(lo);
    hi = Math.log10(hi);
  }
  if (!(hi > lo)) {
    const d = Math.abs(hi) * 0.01 || 0.01;
    lo -= d;
    hi += d;
  }
  const pad = (hi - lo) * 0.02;
  return { lo: lo - pad, hi: hi + pad, scale };
}

/** The row (0 = top) a value falls on, or -1 / rows when it is above / below the range. */
export function rowOf(v: number, r: YRange, rows: number): number {
  const t = r.scale === 'log' ? Math.log10(Math.max(v, Number.MIN_VALUE)) : v;
  const y = Math.round(((r.hi - t) / (r.hi - r.lo)) * (rows - 1));
  return y < 0 ? -1 : y > rows - 1 ? rows : y;
}

/** The value a row stands for (its label). */
export function valueAt(row: number, r: YRange, rows: number): number {
  const t = r.hi - (row / Math.max(1, rows - 1)) * (r.hi - r.lo);
  return r.scale === 'log' ? Math.pow(10, t) : t;
}

/** Enough decimals that neighbouring labels differ. */
export function labelDecimals(r: YRange, rows: number): number {
  const a = valueAt(0, r, rows);
  const b = valueAt(Math.min(rows - 1, 1), r, rows);
  const step = Math.abs(a - b);
  if (!(step > 0)) return 3;
  return Math.max(1, Math.min(6, Math.ceil(-Math.log10(step)) + 1));
}

const NICE = [1, 2, 5];

/** Steps to tick: multiples of 1, 2 or 5 × 10^k, spaced so each label has room (`maxTicks` at most). */
export function stepTicks(from: number, to: number, maxTicks: number): number[] {
  const span = to - from;
  if (span <= 0 || maxTicks < 1) return [];
  const raw = span / maxTicks;
  let every = 1;
  for (let p = 1; ; p *= 10) {
    const n = NICE.find((m) => m * p >= raw);
    if (n !== undefined) {
      every = n * p;
      break;
    }
  }
  const out: number[] = [];
  for (let s = Math.ceil(from / every) * every; s <= to; s += every) out.push(s);
  return out;
}

/** The last-N-steps spans worth offering: nice spans well below the run's length, each a few times the next. */
const SPANS = [100_000, 50_000, 20_000, 10_000, 5000, 2000, 1000, 500, 200, 100, 50, 20];

export function zoomSpans(runLength: number): number[] {
  const out: number[] = [];
  for (const s of SPANS) {
    if (s > runLength / 2) continue;
    if (out.length > 0 && out[out.length - 1] < s * 4) continue;
    out.push(s);
    if (out.length === 3) break;
  }
  return [Infinity, ...out];
}

/** The steps a zoom level shows: the whole run, or its last `span` steps. */
export function chartWindow(first: number, last: number, span: number): { from: number; to: number; label: string } {
  const from = Number.isFinite(span) ? Math.max(first, last - span + 1) : first;
  return { from, to: Math.max(from, last), label: Number.isFinite(span) ? `last ${formatCount(span)} steps` : 'whole run' };
}

/** Epoch boundaries within [from, to] (at most 200 marks). */
export function epochMarks(from: number, to: number, stepsPerEpoch: number | null): number[] {
  const out: number[] = [];
  if (!stepsPerEpoch) return out;
  for (let e = Math.ceil(from / stepsPerEpoch) * stepsPerEpoch; e <= to && out.length < 200; e += stepsPerEpoch) if (e > 0) out.push(e);
  return out;
}
