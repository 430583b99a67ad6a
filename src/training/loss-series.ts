import { adjustBucket, B_IDX, coarserLevel, fillRing, finishColumns, LEVEL_WIDTH, R_EMA, R_LOSS, R_STEP, RAW_WIDTH, rebuildLastBucket, Ring, ringData, type Level, type RingData, type SeriesColumn } from './loss-ring.js';

/**
 * Per-step losses of a run of any length in bounded memory: the most recent steps at full resolution
 * in a ring, and a min/mean/max pyramid for the whole run (levels of 16, 256, 4096… steps per
 * bucket, each level a ring of at most `levelCapacity` buckets; the coarsest level always holds the
 * whole run). A chart asks for N columns over any step range and gets them from the level whose
 * resolution fits, so a frame costs O(columns + buckets in range), never O(steps).
 *
 * Steps are ai-toolkit's 0-based loop index k (reference/ai-toolkit.md §5).
 */
export interface SeriesOptions {
  /** Steps kept at full resolution. */
  recent?: number;
  /** Buckets per pyramid level. */
  levelCapacity?: number;
  /** Steps per bucket grow by this factor from one level to the next. */
  factor?: number;
  /** EMA weight of a new value (0.02 ≈ a 100-step window); the EMA is debiased at the start. */
  emaAlpha?: number;
}

export type { SeriesColumn } from './loss-ring.js';

export interface SeriesPoint {
  step: number;
  loss: number;
  ema: number;
}

export class LossSeries {
  private readonly raw: Ring;
  private readonly levels: Level[] = [];
  private readonly levelCapacity: number;
  private readonly factor: number;
  readonly emaAlpha: number;
  private emaValue = 0;
  private emaWeight = 0;
  private lastStepValue = -1;
  private firstStepValue = -1;
  private total = 0;

  constructor(opts: SeriesOptions = {}) {
    this.raw = new Ring(Math.max(16, opts.recent ?? 65536), RAW_WIDTH);
    this.levelCapacity = Math.max(16, opts.levelCapacity ?? 4096);
    this.factor = Math.max(2, opts.factor ?? 16);
    this.emaAlpha = opts.emaAlpha ?? 0.02;
    this.levels.push({ size: this.factor, ring: new Ring(this.levelCapacity, LEVEL_WIDTH) });
  }

  /** Number of points held (every step added and not truncated). */
  get count(): number {
    return this.total;
  }
  get firstStep(): number | null {
    return this.total === 0 ? null : this.firstStepValue;
  }
  get lastStep(): number | null {
    return this.total === 0 ? null : this.lastStepValue;
  }
  get last(): SeriesPoint | null {
    if (this.raw.length === 0) return null;
    const s = this.raw.slot(this.raw.length - 1);
    return { step: this.raw.cols[R_STEP][s], loss: this.raw.cols[R_LOSS][s], ema: this.raw.cols[R_EMA][s] };
  }

  /**
   * Record the loss of `step`. Steps normally arrive in order; a step at or before the last one means
   * the run resumed from an earlier checkpoint and re-runs those steps (§1.9), so the later steps go.
   */
  add(step: number, loss: number): void {
    if (!Number.isFinite(loss) || !Number.isFinite(step)) return;
    if (this.total > 0 && step <= this.lastStepValue) this.truncateFrom(step);
    // Debiased like TensorBoard's smoothing: the first steps weigh equally instead of all leaning on
    // step 0's (noisy) value.
    this.emaValue = this.emaValue * (1 - this.emaAlpha) + this.emaAlpha * loss;
    this.emaWeight = this.emaWeight * (1 - this.emaAlpha) + this.emaAlpha;
    const ema = this.emaValue / this.emaWeight;
    this.raw.pushStep(step, loss, ema);
    const levels = this.levels;
    for (let li = 0; li < levels.length; li++) {
      const lv = levels[li];
      const idx = Math.floor(step / lv.size);
      if (lv.ring.lastBucket() !== idx) {
        // The coarsest level holds the whole run: before it would drop a bucket, add a coarser one.
        if (lv.ring.full && li === levels.length - 1) levels.push(coarserLevel(lv, this.factor, this.levelCapacity));
        lv.ring.openBucket(idx, loss);
      }
      lv.ring.addToLast(loss, ema);
    }
    if (this.total === 0) this.firstStepValue = step;
    this.lastStepValue = step;
    this.total++;
  }

  /** Forget every step ≥ `step` (a resumed run re-runs them). Exact within the recent window. */
  truncateFrom(step: number): void {
    if (this.total === 0 || step > this.lastStepValue) return;
    const r = this.raw;
    let removed = 0;
    while (r.length > 0 && r.cols[R_STEP][r.slot(r.length - 1)] >= step) {
      r.pop();
      removed++;
    }
    for (const lv of this.levels) {
      const ring = lv.ring;
      while (ring.length > 0 && ring.cols[B_IDX][ring.slot(ring.length - 1)] * lv.size >= step) ring.pop();
      if (ring.length === 0) continue;
      // the bucket that straddles `step`: rebuild it from the raw steps when they are still here
      rebuildLastBucket(lv, r);
    }
    this.total = Math.max(0, this.total - Math.max(removed, 0));
    if (r.length > 0) {
      const ls = r.slot(r.length - 1);
      this.lastStepValue = r.cols[R_STEP][ls];
      this.emaWeight = 1 - Math.pow(1 - this.emaAlpha, this.total);
      this.emaValue = r.cols[R_EMA][ls] * this.emaWeight;
    } else {
      this.lastStepValue = step - 1;
      if (this.total === 0) {
        this.emaWeight = 0;
        this.emaValue = 0;
      }
    }
  }

  /** Replace the value of a step still held at full resolution (exact values from loss_log.db). */
  set(step: number, loss: number): boolean {
    if (!Number.isFinite(loss)) return false;
    const r = this.raw;
    const i = r.lowerBound(R_STEP, step);
    if (i >= r.length || r.cols[R_STEP][r.slot(i)] !== step) return false;
    const s = r.slot(i);
    const delta = loss - r.cols[R_LOSS][s];
    r.cols[R_LOSS][s] = loss;
    for (const lv of this.levels) adjustBucket(lv, step, delta, loss);
    return true;
  }

  /** The loss of `step` if it is still held at full resolution. */
  valueAt(step: number): number | null {
    const r = this.raw;
    const i = r.lowerBound(R_STEP, step);
    if (i >= r.length || r.cols[R_STEP][r.slot(i)] !== step) return null;
    return r.cols[R_LOSS][r.slot(i)];
  }

  /** Raw points in [from, to] still held at full resolution. */
  points(from = -Infinity, to = Infinity): SeriesPoint[] {
    const r = this.raw;
    const out: SeriesPoint[] = [];
    for (let i = r.lowerBound(R_STEP, from); i < r.length; i++) {
      const s = r.slot(i);
      const step = r.cols[R_STEP][s];
      if (step > to) break;
      out.push({ step, loss: r.cols[R_LOSS][s], ema: r.cols[R_EMA][s] });
    }
    return out;
  }

  /**
   * Mean loss and mean smoothed loss over steps [step - radius, step + radius]: what a checkpoint's
   * "loss around that step" means. null when no step of the run falls in the window.
   */
  around(step: number, radius: number): { mean: number; ema: number; count: number } | null {
    const cols = this.downsample(step - radius, step + radius, 1);
    const c = cols[0];
    return c && c.count > 0 ? { mean: c.mean, ema: c.ema, count: c.count } : null;
  }

  /**
   * `width` columns evenly covering steps [from, to]. Columns with no data have count 0 and repeat
   * their neighbour's values, so a chart never sees a gap or NaN.
   */
  downsample(from: number, to: number, width: number): SeriesColumn[] {
    const w = Math.max(1, Math.floor(width));
    if (this.total === 0 || to < from) return [];
    const span = to - from + 1;
    const per = span / w;
    const cols: SeriesColumn[] = Array.from({ length: w }, (_, j) => ({
      from: Math.floor(from + j * per),
      to: Math.max(Math.floor(from + j * per), Math.floor(from + (j + 1) * per) - 1),
      min: Infinity,
      max: -Infinity,
      mean: 0,
      ema: 0,
      count: 0,
    }));
    // Each part of the range comes from the coarsest source still fine enough for a column, or the
    // finest one that still holds it: full resolution at the recent end, the pyramid further back.
    // Seams are aligned to the coarser bucket size so no step is counted twice.
    const sizes = [1, ...this.levels.map((l) => l.size)];
    let i = 0;
    while (i + 1 < sizes.length && sizes[i + 1] <= per) i++;
    let hi = to;
    const floor = Math.max(from, this.firstStepValue);
    for (; i < sizes.length && hi >= from; i++) {
      const oldest = this.oldestStep(i);
      if (oldest === null) continue;
      const last = i === sizes.length - 1 || oldest <= floor;
      const lo = Math.max(from, last ? from : Math.ceil(oldest / sizes[i + 1]) * sizes[i + 1]);
      if (lo <= hi) this.accumulate(i, lo, hi, from, per, cols);
      hi = lo - 1;
      if (last) break;
    }
    return finishColumns(cols);
  }

  /** First step held by source i (0 = the raw ring, i ≥ 1 = pyramid level i-1). */
  private oldestStep(i: number): number | null {
    if (i === 0) return this.raw.length === 0 ? null : this.raw.cols[R_STEP][this.raw.slot(0)];
    const lv = this.levels[i - 1];
    return lv.ring.length === 0 ? null : lv.ring.cols[B_IDX][lv.ring.slot(0)] * lv.size;
  }

  private accumulate(i: number, lo: number, hi: number, from: number, per: number, cols: SeriesColumn[]): void {
    if (i === 0) this.raw.accumulateSteps(lo, hi, from, per, cols);
    else this.levels[i - 1].ring.accumulateBuckets(this.levels[i - 1].size, lo, hi, from, per, cols);
  }

  /** Bytes held by the typed arrays (bounded whatever the run length). */
  memoryBytes(): number {
    let n = this.raw.capacity * 3 * 8;
    for (const lv of this.levels) n += lv.ring.capacity * 6 * 8;
    return n;
  }

  /** Everything needed to rebuild this series exactly (typed arrays as base64). */
  toJSON(): SeriesData {
    return {
      v: 1,
      options: { recent: this.raw.capacity, levelCapacity: this.levelCapacity, factor: this.factor, emaAlpha: this.emaAlpha },
      raw: ringData(this.raw),
      levels: this.levels.map((l) => ({ size: l.size, ring: ringData(l.ring) })),
      ema: [this.emaValue, this.emaWeight],
      first: this.firstStepValue,
      last: this.lastStepValue,
      total: this.total,
    };
  }

  static fromJSON(d: SeriesData): LossSeries {
    const s = new LossSeries(d.options);
    fillRing(s.raw, d.raw);
    s.levels.length = 0;
    for (const l of d.levels) {
      const ring = new Ring(s.levelCapacity, LEVEL_WIDTH);
      fillRing(ring, l.ring);
      s.levels.push({ size: l.size, ring });
    }
    [s.emaValue, s.emaWeight] = d.ema;
    s.firstStepValue = d.first;
    s.lastStepValue = d.last;
    s.total = d.total;
    return s;
  }
}

export interface SeriesData {
  v: 1;
  options: Required<SeriesOptions>;
  raw: RingData;
  levels: Array<{ size: number; ring: RingData }>;
  ema: [number, number];
  first: number;
  last: number;
  total: number;
}
