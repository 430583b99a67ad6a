/**
 * One chart frame with a 1,000,000-point loss series: columns downsampled from the series' pyramid
 * (not from the raw points), then the band-and-curve renderer, at a wide and a narrow size, whole run and zoomed.
 *   node --import tsx bench/chart.ts
 */
import { LossSeries } from '../src/training/loss-series.js';
import { renderChart } from '../src/ui/loss-chart.js';
import { defaultLoss } from '../test/fixtures/logs/synth.js';
import { runIfMain } from './_main.js';

export async function main(): Promise<void> {
  const n = 1_000_000;
  const series = new LossSeries();
  const t0 = performance.now();
  for (let k = 0; k < n; k++) series.add(k, defaultLoss(k));
  const fill = performance.now() - t0;
  console.log(`chart: series of ${n.toLocaleString('en-US')} points built in ${fill.toFixed(0)} ms (${(series.memoryBytes() / 1048576).toFixed(1)} MB held)`);
  const checkpoints = Array.from({ length: 400 }, (_, i) => (i + 1) * 2500);
  const epochs = Array.from({ length: 290 }, (_, i) => (i + 1) * 3400);
  for (const [w, h] of [
    [116, 28],
    [76, 12],
  ]) {
    for (const [label, from] of [
      ['whole run', 0],
      ['last 1,000 steps', n - 1000],
    ] as const) {
      const frames = 300;
      for (let i = 0; i < 20; i++) renderChart({ width: w, height: h, from, to: n - 1, columns: (c) => series.downsample(from, n - 1, c), checkpoints, epochs });
      const t = performance.now();
      const cpu = process.cpuUsage();
      for (let i = 0; i < frames; i++) renderChart({ width: w, height: h, from, to: n - 1, columns: (c) => series.downsample(from, n - 1, c), checkpoints, epochs });
      const per = (performance.now() - t) / frames;
      // CPU time as well: on a shared machine the wall clock also counts time spent waiting for a core
      const used = process.cpuUsage(cpu);
      const perCpu = (used.user + used.system) / 1000 / frames;
      console.log(`  ${w}×${h} ${label.padEnd(17)} ${per.toFixed(3)} ms/frame (${perCpu.toFixed(3)} ms CPU)   target < 2 ms: ${per < 2 ? 'met' : 'NOT met'}`);
    }
  }
}

runIfMain(import.meta.url, main);
