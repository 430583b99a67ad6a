import type { SeriesColumn } from '../training/loss-series.js';
import { formatCount } from '../text/format.js';
import { glyph } from '../text/glyphs.js';
import { labelDecimals, rowOf, stepTicks, valueAt, yRange, type ChartScale, type YRange } from './chart-scale.js';

export { chartWindow, epochMarks, zoomSpans, type ChartScale } from './chart-scale.js';

/**
 * A loss chart as rows of styled segments, fitted to exactly `width` × `height` cells:
 * `height - 2` plot rows, the x axis (step ticks ┬, checkpoints ◆, epochs ┊) and a row of step labels.
 * Per column, the raw values are a faint band from their min to their max (░, or · for one value) and
 * the smoothed curve is drawn bright over it with line glyphs, so the trend reads through the noise
 * even without colour. Raw values beyond the range (spikes) are clipped with ▲ / ▼ in their column
 * instead of squashing the curve. The columns come from the loss series' pyramid, so a frame costs
 * the same for a 100-step and a 1,000,000-step run.
 */
export type ChartRole = 'axis' | 'raw' | 'smooth' | 'mark' | 'epoch' | 'label' | 'text' | 'clip';
export interface ChartSegment {
  text: string;
  role: ChartRole;
}
export type ChartRow = ChartSegment[];

export interface ChartInput {
  width: number;
  height: number;
  from: number;
  to: number;
  /** Gets `n` columns over [from, to] (the loss series' downsample). */
  columns: (n: number) => SeriesColumn[];
  checkpoints?: number[];
  epochs?: number[];
  scale?: ChartScale;
}

export const BAND = '░';
export const SINGLE = '·';
export const CLIP_HIGH = '▲';
export const CLIP_LOW = '▼';

interface Cell {
  ch: string;
  role: ChartRole;
}

/**
 * The plot's cells as two flat arrays (a character and a role per cell) rather than an object per
 * cell: a frame at 116 columns has ~3,000 cells and is built several times a second.
 */
class Grid {
  readonly ch: string[];
  readonly role: ChartRole[];
  constructor(
    readonly rows: number,
    readonly cols: number,
  ) {
    this.ch = new Array<string>(rows * cols).fill(' ');
    this.role = new Array<ChartRole>(rows * cols).fill('text');
  }
  set(y: number, x: number, ch: string, role: ChartRole): void {
    this.ch[y * this.cols + x] = ch;
    this.role[y * this.cols + x] = role;
  }
  /** Row y as segments of one role each, appended to `row`. */
  appendRow(row: ChartRow, y: number): void {
    const base = y * this.cols;
    for (let x = 0; x < this.cols; ) {
      const role = this.role[base + x];
      let text = this.ch[base + x];
      let j = x + 1;
      for (; j < this.cols && this.role[base + j] === role; j++) text += this.ch[base + j];
      push(row, text, role);
      x = j;
    }
  }
}

/** Columns a plot can hold at this width, given the width of the value labels. */
export function plotWidth(width: number, labelWidth: number): number {
  return Math.max(2, width - labelWidth - 1);
}

function labelsFor(r: YRange, rows: number): { width: number; text: (row: number) => string } {
  const d = labelDecimals(r, rows);
  const fmt = (row: number) => valueAt(row, r, rows).toFixed(d);
  const every = rows >= 9 ? 3 : 2;
  const shown = (row: number) => row === 0 || row === rows - 1 || (row % every === 0 && row < rows - 2);
  const width = Math.max(fmt(0).length, fmt(rows - 1).length);
  return { width, text: (row) => (shown(row) ? fmt(row).padStart(width) : ' '.repeat(width)) };
}

export function renderChart(input: ChartInput): ChartRow[] {
  const width = Math.max(12, Math.floor(input.width));
  const height = Math.max(4, Math.floor(input.height));
  const rows = height - 2;
  // a coarse first pass (few columns: cheap) only to size the value labels
  let cols = input.columns(Math.min(32, plotWidth(width, 6)));
  if (cols.length === 0) {
    const out: ChartRow[] = [];
    for (let i = 0; i < height; i++) out.push(pad(i === Math.floor(rows / 2) ? [{ text: ' waiting for the first loss…', role: 'text' }] : [], width));
    return out;
  }
  // a first pass for the range, then the real label width and the columns that fit beside it
  let labels = labelsFor(yRange(cols, input.scale ?? 'linear'), rows);
  let range: YRange;
  for (;;) {
    cols = input.columns(plotWidth(width, labels.width));
    range = yRange(cols, input.scale ?? 'linear');
    const next = labelsFor(range, rows);
    // the full columns may widen the labels (a spike the coarse pass averaged away): size again
    if (next.width <= labels.width) {
      const w = labels.width;
      labels = { width: w, text: (row) => next.text(row).padStart(w) };
      break;
    }
    labels = next;
  }
  const n = cols.length;
  const grid = new Grid(rows, n);
  drawBand(grid, cols, range, rows);
  drawCurve(grid, cols, range, rows);
  drawClips(grid, cols, range, rows);

  const out: ChartRow[] = [];
  for (let r = 0; r < rows; r++) {
    const label = labels.text(r);
    const row: ChartRow = [
      { text: label, role: 'label' },
      { text: label.trim() ? '┤' : '│', role: 'axis' },
    ];
    grid.appendRow(row, r);
    out.push(pad(row, width));
  }
  const ticks = stepTicks(input.from, input.to, Math.max(1, Math.floor(n / 12)));
  out.push(pad(axisRow(cols, input, ticks, labels.width), width));
  out.push(pad(tickLabels(cols, input, ticks, labels.width), width));
  return out;
}

function drawBand(grid: Grid, cols: SeriesColumn[], range: YRange, rows: number): void {
  cols.forEach((c, x) => {
    if (c.count === 0) return;
    const top = rowOf(c.max, range, rows);
    const bottom = rowOf(c.min, range, rows);
    const single = c.count === 1 || top === bottom;
    for (let y = Math.max(0, top); y <= Math.min(rows - 1, bottom); y++) grid.set(y, x, single ? SINGLE : BAND, 'raw');
  });
}

/** Raw values beyond the range: a mark at the edge of their column, over the curve (a spike is news). */
function drawClips(grid: Grid, cols: SeriesColumn[], range: YRange, rows: number): void {
  cols.forEach((c, x) => {
    if (c.count === 0) return;
    if (rowOf(c.max, range, rows) < 0) grid.set(0, x, CLIP_HIGH, 'clip');
    if (rowOf(c.min, range, rows) >= rows) grid.set(rows - 1, x, CLIP_LOW, 'clip');
  });
}

/** The smoothed curve with line glyphs: ─ level, ╭╯ / ╰╮ where it climbs or falls between columns. */
function drawCurve(grid: Grid, cols: SeriesColumn[], range: YRange, rows: number): void {
  const clamp = (y: number) => Math.max(0, Math.min(rows - 1, y));
  let prev = clamp(rowOf(cols[0].ema, range, rows));
  cols.forEach((c, x) => {
    const y = clamp(rowOf(c.ema, range, rows));
    const set = (row: number, ch: string) => grid.set(row, x, ch, 'smooth');
    if (x === 0 || y === prev) set(y, '─');
    else if (y < prev) {
      // higher value, higher on screen
      set(prev, '╯');
      set(y, '╭');
      for (let r = y + 1; r < prev; r++) set(r, '│');
    } else {
      set(prev, '╮');
      set(y, '╰');
      for (let r = prev + 1; r < y; r++) set(r, '│');
    }
    prev = y;
  });
}

function columnOf(cols: SeriesColumn[], input: ChartInput, step: number): number {
  if (step < input.from || step > input.to) return -1;
  const per = (input.to - input.from + 1) / cols.length;
  return Math.min(cols.length - 1, Math.floor((step - input.from) / per));
}

function axisRow(cols: SeriesColumn[], input: ChartInput, ticks: number[], labelW: number): ChartRow {
  const marks: Cell[] = cols.map(() => ({ ch: '─', role: 'axis' }));
  for (const t of ticks) {
    const j = columnOf(cols, input, t);
    if (j >= 0) marks[j] = { ch: '┬', role: 'axis' };
  }
  for (const e of input.epochs ?? []) {
    const j = columnOf(cols, input, e);
    if (j >= 0) marks[j] = { ch: '┊', role: 'epoch' };
  }
  for (const c of input.checkpoints ?? []) {
    const j = columnOf(cols, input, c);
    if (j >= 0) marks[j] = { ch: glyph.marked, role: 'mark' };
  }
  const row: ChartRow = [{ text: ' '.repeat(labelW), role: 'text' }, { text: '└', role: 'axis' }];
  for (const m of marks) push(row, m.ch, m.role);
  return row;
}

/** `step 0` at the left, `step N` at the right, tick values between where they do not touch. */
function tickLabels(cols: SeriesColumn[], input: ChartInput, ticks: number[], labelW: number): ChartRow {
  const n = cols.length;
  const line = new Array<string>(n).fill(' ');
  const put = (at: number, text: string) => {
    for (let i = 0; i < text.length && at + i < n; i++) line[at + i] = text[i];
  };
  const left = `step ${formatCount(input.from)}`;
  const right = `step ${formatCount(input.to)}`;
  put(0, left);
  const rightAt = Math.max(left.length + 1, n - right.length);
  let used = left.length;
  for (const t of ticks) {
    const text = formatCount(t);
    const at = columnOf(cols, input, t) - Math.floor(text.length / 2);
    if (at <= used + 1 || at + text.length >= rightAt - 1) continue;
    put(at, text);
    used = at + text.length;
  }
  if (rightAt + right.length <= n) put(rightAt, right);
  return [{ text: ' '.repeat(labelW + 1), role: 'text' }, { text: line.join(''), role: 'label' }];
}

function push(row: ChartRow, ch: string, role: ChartRole): void {
  const last = row[row.length - 1];
  if (last && last.role === role) last.text += ch;
  else row.push({ text: ch, role });
}

/** Code points in s: its length less the low halves of surrogate pairs (no array per segment). */
function cells(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

function pad(row: ChartRow, width: number): ChartRow {
  let len = 0;
  for (const s of row) len += cells(s.text);
  if (len === width) return row;
  const out: ChartRow = [];
  for (const s of row) {
    if (len > width) {
      const chars = [...s.text];
      const keep = Math.max(0, chars.length - (len - width));
      len -= chars.length - keep;
      if (keep > 0) out.push({ text: chars.slice(0, keep).join(''), role: s.role });
      continue;
    }
    out.push(s);
  }
  if (len < width) out.push({ text: ' '.repeat(width - len), role: 'text' });
  return out;
}

/** The rows as plain text (tests, piped output). */
export function chartText(rows: ChartRow[]): string {
  return rows.map((r) => r.map((s) => s.text).join('')).join('\n');
}
