/** One chart column: the steps [from, to] it covers and what they hold. `count` 0 = no data there. */
export interface SeriesColumn {
  from: number;
  to: number;
  min: number;
  max: number;
  mean: number;
  ema: number;
  count: number;
}

/** Fixed-capacity ring of parallel Float64 columns: the storage under LossSeries. */
export class Ring {
  readonly cols: Float64Array[];
  head = 0;
  length = 0;
  constructor(
    readonly capacity: number,
    width: number,
  ) {
    this.cols = Array.from({ length: width }, () => new Float64Array(capacity));
  }
  /** Physical slot of the i-th oldest entry. */
  slot(i: number): number {
    return (this.head + i) % this.capacity;
  }
  /** Append; returns the slot. Drops the oldest entry when full. */
  push(): number {
    if (this.length === this.capacity) {
      this.head = (this.head + 1) % this.capacity;
      this.length--;
    }
    const s = (this.head + this.length) % this.capacity;
    this.length++;
    return s;
  }
  pop(): void {
    if (this.length > 0) this.length--;
  }
  /** Append one step at full resolution (a raw ring). */
  pushStep(step: number, loss: number, ema: number): void {
    const s = this.push();
    this.cols[R_STEP][s] = step;
    this.cols[R_LOSS][s] = loss;
    this.cols[R_EMA][s] = ema;
  }
  /** Bucket index of the newest bucket (a level ring); NaN (equal to nothing) when empty. */
  lastBucket(): number {
    return this.length > 0 ? this.cols[B_IDX][this.slot(this.length - 1)] : NaN;
  }
  openBucket(idx: number, loss: number): void {
    openBucket(this, idx, loss, loss);
  }
  /** Add one step's loss and smoothed loss to the newest bucket. */
  addToLast(loss: number, ema: number): void {
    const slot = this.slot(this.length - 1);
    const c = this.cols;
    if (loss < c[B_MIN][slot]) c[B_MIN][slot] = loss;
    if (loss > c[B_MAX][slot]) c[B_MAX][slot] = loss;
    c[B_SUM][slot] += loss;
    c[B_EMA][slot] += ema;
    c[B_N][slot] += 1;
  }
  /** Add this raw ring's steps in [lo, hi] to the columns (each column covers `per` steps from `from`). */
  accumulateSteps(lo: number, hi: number, from: number, per: number, cols: SeriesColumn[]): void {
    const w = cols.length;
    const c0 = this.cols;
    for (let k = this.lowerBound(R_STEP, lo); k < this.length; k++) {
      const s = this.slot(k);
      const step = c0[R_STEP][s];
      if (step > hi) break;
      const c = cols[Math.min(w - 1, Math.floor((step - from) / per))];
      const v = c0[R_LOSS][s];
      if (v < c.min) c.min = v;
      if (v > c.max) c.max = v;
      c.mean += v;
      c.ema += c0[R_EMA][s];
      c.count++;
    }
  }
  /** Add this level ring's buckets (of `size` steps) starting in [lo, hi] to the columns. */
  accumulateBuckets(size: number, lo: number, hi: number, from: number, per: number, cols: SeriesColumn[]): void {
    const w = cols.length;
    const b = this.cols;
    for (let k = this.lowerBound(B_IDX, Math.floor(lo / size)); k < this.length; k++) {
      const s = this.slot(k);
      const start = b[B_IDX][s] * size;
      if (start > hi) break;
      const c = cols[Math.max(0, Math.min(w - 1, Math.floor((Math.max(start, from) - from) / per)))];
      if (b[B_MIN][s] < c.min) c.min = b[B_MIN][s];
      if (b[B_MAX][s] > c.max) c.max = b[B_MAX][s];
      c.mean += b[B_SUM][s];
      c.ema += b[B_EMA][s];
      c.count += b[B_N][s];
    }
  }
  get full(): boolean {
    return this.length === this.capacity;
  }
  /** Index (0 = oldest) of the first entry whose column `col` is ≥ value (entries sorted by it). */
  lowerBound(col: number, value: number): number {
    const c = this.cols[col];
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[this.slot(mid)] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// raw ring columns
const R_STEP = 0;
const R_LOSS = 1;
const R_EMA = 2;
const RAW_WIDTH = 3;
// level ring columns
const B_IDX = 0;
const B_MIN = 1;
const B_MAX = 2;
const B_SUM = 3;
const B_EMA = 4;
const B_N = 5;
const LEVEL_WIDTH = 6;
// Column numbers for LossSeries; this module reads its own (non-exported) bindings, which V8 reads faster in hot loops.
export { R_STEP, R_LOSS, R_EMA, RAW_WIDTH, B_IDX, B_MIN, B_MAX, B_SUM, B_EMA, B_N, LEVEL_WIDTH };

/** One pyramid level: buckets of `size` steps. */
export interface Level {
  size: number;
  ring: Ring;
}

/** Open a bucket at the ring's end for bucket index `idx`. */
export function openBucket(r: Ring, idx: number, min: number, max: number): number {
  const slot = r.push();
  r.cols[B_IDX][slot] = idx;
  r.cols[B_MIN][slot] = min;
  r.cols[B_MAX][slot] = max;
  r.cols[B_SUM][slot] = 0;
  r.cols[B_EMA][slot] = 0;
  r.cols[B_N][slot] = 0;
  return slot;
}

/** A level `factor` times coarser than `top`, built from its buckets. */
export function coarserLevel(top: Level, factor: number, capacity: number): Level {
  const size = top.size * factor;
  const ring = new Ring(capacity, LEVEL_WIDTH);
  const t = top.ring;
  for (let i = 0; i < t.length; i++) {
    const s = t.slot(i);
    const idx = Math.floor((t.cols[B_IDX][s] * top.size) / size);
    let slot = ring.length > 0 ? ring.slot(ring.length - 1) : -1;
    if (slot === -1 || ring.cols[B_IDX][slot] !== idx) slot = openBucket(ring, idx, t.cols[B_MIN][s], t.cols[B_MAX][s]);
    ring.cols[B_MIN][slot] = Math.min(ring.cols[B_MIN][slot], t.cols[B_MIN][s]);
    ring.cols[B_MAX][slot] = Math.max(ring.cols[B_MAX][slot], t.cols[B_MAX][s]);
    ring.cols[B_SUM][slot] += t.cols[B_SUM][s];
    ring.cols[B_EMA][slot] += t.cols[B_EMA][s];
    ring.cols[B_N][slot] += t.cols[B_N][s];
  }
  return { size, ring };
}

/** A step's loss changed by `delta` to `loss`: update the bucket that holds it, if the level still has it. */
export function adjustBucket(lv: Level, step: number, delta: number, loss: number): void {
  const ring = lv.ring;
  const idx = Math.floor(step / lv.size);
  const j = ring.lowerBound(B_IDX, idx);
  if (j >= ring.length) return;
  const bs = ring.slot(j);
  if (ring.cols[B_IDX][bs] !== idx) return;
  ring.cols[B_SUM][bs] += delta;
  ring.cols[B_MIN][bs] = Math.min(ring.cols[B_MIN][bs], loss);
  ring.cols[B_MAX][bs] = Math.max(ring.cols[B_MAX][bs], loss);
}

/**
 * After a truncation, the level's last bucket may straddle the cut: rebuild it from the raw steps
 * still held from its start (drop it when none are left).
 */
export function rebuildLastBucket(lv: Level, raw: Ring): void {
  const ring = lv.ring;
  const s = ring.slot(ring.length - 1);
  const start = ring.cols[B_IDX][s] * lv.size;
  if (raw.length === 0 || raw.cols[R_STEP][raw.slot(0)] > start) return;
  let mn = Infinity;
  let mx = -Infinity;
  let sum = 0;
  let ema = 0;
  let n = 0;
  for (let i = raw.lowerBound(R_STEP, start); i < raw.length; i++) {
    const rs = raw.slot(i);
    const v = raw.cols[R_LOSS][rs];
    mn = Math.min(mn, v);
    mx = Math.max(mx, v);
    sum += v;
    ema += raw.cols[R_EMA][rs];
    n++;
  }
  if (n === 0) {
    ring.pop();
    return;
  }
  ring.cols[B_MIN][s] = mn;
  ring.cols[B_MAX][s] = mx;
  ring.cols[B_SUM][s] = sum;
  ring.cols[B_EMA][s] = ema;
  ring.cols[B_N][s] = n;
}

/** Sums to means; columns without data take their neighbour's values, so a chart never sees a gap or NaN. */
export function finishColumns(cols: SeriesColumn[]): SeriesColumn[] {
  let prev: SeriesColumn | null = null;
  for (const c of cols) {
    if (c.count > 0) {
      c.mean /= c.count;
      c.ema /= c.count;
      prev = c;
    } else if (prev) {
      c.min = c.max = c.mean = prev.mean;
      c.ema = prev.ema;
    }
  }
  // leading empty columns take the first filled one's values
  const first = cols.find((c) => c.count > 0);
  if (!first) return cols.map((c) => ({ ...c, min: 0, max: 0 }));
  for (const c of cols) {
    if (c.count > 0) break;
    c.min = c.max = c.mean = first.mean;
    c.ema = first.ema;
  }
  return cols;
}

/** A ring as JSON (typed arrays as base64), and back into a ring of the same layout. */
export interface RingData {
  head: number;
  length: number;
  capacity: number;
  cols: string[];
}

export function ringData(r: Ring): RingData {
  return { head: r.head, length: r.length, capacity: r.capacity, cols: r.cols.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('base64')) };
}

export function fillRing(r: Ring, x: RingData): void {
  if (x.capacity !== r.capacity || x.cols.length !== r.cols.length) throw new Error('snapshot does not match the series layout');
  x.cols.forEach((b64, i) => {
    const buf = Buffer.from(b64, 'base64');
    r.cols[i].set(new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8));
  });
  r.head = x.head;
  r.length = x.length;
}
