import asciichart from 'asciichart';
import type { SeriesColumn } from '../training/loss-series.js';
import { formatCount } from '../text/format.js';
import { glyph } from '../text/glyphs.js';

/**
 * A loss chart as rows of styled segments, fitted to exactly `width` × `height` cells:
 * `height - 2` rows of asciichart (always given a height; the series downsampled to the plot width
 * first and never NaN or empty, reference/ink.md §4.2), a row of marks under the x axis
 * (checkpoints ◆, epochs ┊) and a caption with the step range.
 * The raw values (per-column min and max when a column holds several steps) are drawn faint and
 * the smoothed curve bright over them; without colour they still differ by glyph.
 */
export type ChartRole = 'axis' | 'raw' | 'smooth' | 'mark' | 'epoch' | 'label' | 'text';
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
}

/** Columns a plot can hold at this width, given the label width asciichart will use. */
export function plotWidth(width: number, labelWidth: number): number {
  return Math.max(2, width - labelWidth - 2);
}

function decimalsFor(min: number, max: number, rows: number): number {
  const step = (max - min) / Math.max(1, rows);
  if (!(step > 0)) return 3;
  return Math.max(1, Math.min(6, Math.ceil(-Math.log10(step)) + 1));
}

export function renderChart(input: ChartInput): ChartRow[] {
  const width = Math.max(12, Math.floor(input.width));
  const height = Math.max(4, Math.floor(input.height));
  const plotRows = height - 2;
  const blank = (n: number): ChartRow => [{ text: ' '.repeat(n), role: 'text' }];
  // First pass with a guessed label width, then the real one from the data range.
  let labelWidth = 7;
  let cols = input.columns(plotWidth(width, labelWidth));
  if (cols.length === 0) {
    const rows: ChartRow[] = [];
    for (let i = 0; i < height; i++) rows.push(i === Math.floor(plotRows / 2) ? pad([{ text: ' waiting for the first loss…', role: 'text' }], width) : blank(width));
    return rows;
  }
  let min = Math.min(...cols.map((c) => c.min), ...cols.map((c) => c.ema));
  let max = Math.max(...cols.map((c) => c.max), ...cols.map((c) => c.ema));
  if (!(max > min)) {
    const d = Math.abs(max) * 0.01 || 0.01;
    min -= d;
    max += d;
  }
  const decimals = decimalsFor(min, max, plotRows - 1);
  const fmt = (x: number) => x.toFixed(decimals);
  const needed = Math.max(fmt(min).length, fmt(max).length) + 1;
  if (needed !== labelWidth) {
    labelWidth = needed;
    cols = input.columns(plotWidth(width, labelWidth));
  }
  const format = (x: number) => fmt(x).padStart(labelWidth);
  const cfg = { height: plotRows - 1, min, max, format };
  const several = cols.some((c) => c.count > 1);
  const rawSeries = several ? [cols.map((c) => c.max), cols.map((c) => c.min)] : [cols.map((c) => c.mean)];
  const smooth = asciichart.plot(cols.map((c) => c.ema), cfg).split('\n');
  const raw = asciichart.plot(rawSeries, cfg).split('\n');
  const axisAt = Math.max(0, smooth[0].search(/[┤┼]/));
  const rows: ChartRow[] = [];
  for (let r = 0; r < plotRows; r++) {
    const sLine = smooth[r] ?? '';
    const rLine = raw[r] ?? '';
    const row: ChartRow = [{ text: sLine.slice(0, axisAt), role: 'label' }];
    let cur: ChartSegment | null = null;
    const push = (ch: string, role: ChartRole) => {
      if (cur && cur.role === role) cur.text += ch;
      else {
        cur = { text: ch, role };
        row.push(cur);
      }
    };
    for (let x = axisAt; x < Math.max(sLine.length, rLine.length); x++) {
      const s = sLine[x] ?? ' ';
      const rw = rLine[x] ?? ' ';
      if (x === axisAt && (s === '┤' || s === '┼') && (rw === '┤' || rw === '┼' || rw === ' ')) push(s, 'axis');
      else if (s !== ' ') push(s, 'smooth');
      else if (rw !== ' ') push(rawGlyph(rw), 'raw');
      else push(' ', 'text');
    }
    rows.push(pad(row, width));
  }
  // marks under the x axis
  const n = cols.length;
  const marks = new Array<{ ch: string; role: ChartRole }>(n).fill({ ch: '─', role: 'axis' });
  const colOf = (step: number) => (step < input.from || step > input.to ? -1 : cols.findIndex((c) => step >= c.from && step <= c.to));
  for (const e of input.epochs ?? []) {
    const j = colOf(e);
    if (j >= 0) marks[j] = { ch: '┊', role: 'epoch' };
  }
  for (const c of input.checkpoints ?? []) {
    const j = colOf(c);
    if (j >= 0) marks[j] = { ch: glyph.marked, role: 'mark' };
  }
  const markRow: ChartRow = [{ text: ' '.repeat(axisAt), role: 'text' }];
  for (const m of marks) {
    const last = markRow[markRow.length - 1];
    if (last.role === m.role) last.text += m.ch;
    else markRow.push({ text: m.ch, role: m.role });
  }
  rows.push(pad(markRow, width));
  const left = `step ${input.from}`;
  const right = `step ${input.to}`;
  const legend = `${glyph.marked} checkpoint  ┊ epoch`;
  const span = Math.max(0, width - axisAt);
  let caption = left;
  const room = span - left.length - right.length;
  if (room >= legend.length + 4) {
    const l = Math.floor((room - legend.length) / 2);
    caption = left + ' '.repeat(l) + legend + ' '.repeat(room - legend.length - l) + right;
  } else if (room >= 1) caption = left + ' '.repeat(room) + right;
  rows.push(pad([{ text: ' '.repeat(axisAt), role: 'text' }, { text: caption.slice(0, span), role: 'label' }], width));
  return rows;
}

/** The faint curve uses lighter glyphs so it reads apart from the smoothed one even without colour. */
function rawGlyph(ch: string): string {
  return ch === '│' ? '┆' : ch === '─' ? '╌' : ch;
}

function pad(row: ChartRow, width: number): ChartRow {
  let len = row.reduce((n, s) => n + [...s.text].length, 0);
  const out: ChartRow = [];
  for (const s of row) {
    const chars = [...s.text];
    if (len > width) {
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
/** Zoom levels: the whole run, then the last N steps. */
export const ZOOMS = [Infinity, 5000, 1000, 200];

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
