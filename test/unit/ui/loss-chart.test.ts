import { describe, expect, it } from 'vitest';
import { LossSeries } from '../../../src/training/loss-series.js';
import { stepTicks, zoomSpans } from '../../../src/ui/chart-scale.js';
import { BAND, chartText, CLIP_HIGH, renderChart, SINGLE, type ChartInput } from '../../../src/ui/loss-chart.js';
import { monitorLayout, plotRows } from '../../../screens/monitor/layout.js';

function series(n: number, loss: (k: number) => number): LossSeries {
  const s = new LossSeries();
  for (let k = 0; k < n; k++) s.add(k, loss(k));
  return s;
}

function chart(s: LossSeries, extra: Partial<ChartInput> = {}) {
  const from = s.firstStep ?? 0;
  const to = s.lastStep ?? 0;
  return renderChart({ width: 70, height: 14, from, to, columns: (n) => s.downsample(from, to, n), ...extra });
}

/** The numbers in the value labels, top to bottom. */
function labels(text: string): number[] {
  return [...text.matchAll(/^\s*([\d.]+)┤/gm)].map((m) => Number(m[1]));
}

const noisy = (k: number) => 0.3 + 0.2 * Math.exp(-k / 300) + 0.08 * Math.sin(k * 12.9898);

describe('loss chart', () => {
  it('draws the raw values as a faint band and the smoothed curve over it, exactly width × height', () => {
    const rows = chart(series(2000, noisy));
    expect(rows).toHaveLength(14);
    for (const r of rows) expect([...r.map((s) => s.text).join('')]).toHaveLength(70);
    const raw = rows.flatMap((r) => r.filter((s) => s.role === 'raw').map((s) => s.text)).join('');
    const smooth = rows.flatMap((r) => r.filter((s) => s.role === 'smooth').map((s) => s.text)).join('');
    expect(raw).toMatch(new RegExp(`^[${BAND}${SINGLE}]+$`));
    // the curve has a cell in every plot column
    expect(smooth.length).toBeGreaterThanOrEqual(70 - 7);
    expect(smooth).toMatch(/^[─╭╮╰╯│]+$/);
  });

  it('clips a spike with a mark instead of stretching the range to it', () => {
    const rows = chart(series(1000, (k) => (k === 500 ? 50 : noisy(k))));
    const text = chartText(rows);
    expect(text).toContain(CLIP_HIGH);
    // the range follows the curve (which the spike lifts a little), not the spike's 50
    expect(Math.max(...labels(text))).toBeLessThan(2);
  });

  it('spaces the labels by ratio on the log scale', () => {
    const s = series(1000, (k) => 10 * Math.pow(0.001, k / 999));
    const lin = labels(chartText(chart(s)));
    const log = labels(chartText(chart(s, { scale: 'log' })));
    const mid = (xs: number[]) => xs[Math.floor(xs.length / 2)];
    // halfway down: about half the top on the linear scale, a geometric middle (~0.1–1) on the log one
    expect(mid(lin)).toBeGreaterThan(3);
    expect(mid(log)).toBeLessThan(1.5);
    expect(log[log.length - 1]).toBeLessThan(0.02);
  });

  it('labels the x axis with step ticks between the first and last step', () => {
    const text = chartText(chart(series(3000, noisy)));
    const bottom = text.split('\n').pop()!;
    expect(bottom).toMatch(/step 0 .* 1,000 .* 2,000 .*step 2,999/);
    expect(text.split('\n').at(-2)).toContain('┬');
    expect(stepTicks(0, 299, 4)).toEqual([0, 100, 200]);
  });

  it('offers zoom spans that fit the run', () => {
    expect(zoomSpans(300)).toEqual([Infinity, 100, 20]);
    expect(zoomSpans(60)).toEqual([Infinity, 20]);
    expect(zoomSpans(10)).toEqual([Infinity]);
    expect(zoomSpans(1_000_000)).toEqual([Infinity, 100_000, 20_000, 5000]);
  });

  it('gives the chart at least 10 plot rows at 80×24 and 7 at 60×20', () => {
    // the screen gets the terminal less the app's step line and footer (4 rows)
    expect(plotRows(monitorLayout(80, 20))).toBeGreaterThanOrEqual(10);
    expect(plotRows(monitorLayout(60, 16))).toBeGreaterThanOrEqual(7);
  });
});
