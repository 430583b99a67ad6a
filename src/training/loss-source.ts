import { posix } from 'node:path';
import { tailFile } from '../remote/tail.js';
import type { Target } from '../remote/target.js';
import { readLossLog } from './loss-db.js';
import { LossSeries, type SeriesOptions } from './loss-series.js';
import { LogParser } from './parser.js';

/**
 * The per-step loss of a run, for anyone who needs it without watching (the checkpoints table:
 * "smoothed loss around that step" is `series.around(step, radius).ema`).
 * Exact values from loss_log.db when ai-toolkit wrote one (`logging.use_ui_logger: true`,
 * reference/ai-toolkit.md §2), else the losses the console printed, read from the run's log.
 */
export async function loadLossSeries(
  target: Target,
  where: { output?: string | null; log?: string | null; jobName?: string | null },
  opts: { python?: string; signal?: AbortSignal; series?: SeriesOptions } = {},
): Promise<{ series: LossSeries; source: 'loss_log.db' | 'log' | 'none' }> {
  const series = new LossSeries(opts.series);
  if (where.output) {
    const db = await readLossLog(target, posix.join(where.output, 'loss_log.db'), { python: opts.python, signal: opts.signal }).catch(() => null);
    const rows = db?.rows.filter((r) => r.loss !== null) ?? [];
    // log_every defaults to 100 (§2): a sparse database is worse than the console's every step
    const dense = rows.length >= 2 && rows.length >= (rows[rows.length - 1].step - rows[0].step + 1) * 0.5;
    if (dense) {
      for (const r of rows) series.add(r.step, r.loss as number);
      return { series, source: 'loss_log.db' };
    }
  }
  if (where.log && (await target.stat(where.log))) {
    const parser = new LogParser({ jobName: where.jobName ?? undefined });
    for await (const chunk of tailFile(target, where.log, { from: 0, follow: false, signal: opts.signal })) {
      for (const e of parser.push(chunk.data)) if (e.type === 'loss') series.add(e.step, e.loss);
    }
    for (const e of parser.end()) if (e.type === 'loss') series.add(e.step, e.loss);
    return { series, source: 'log' };
  }
  return { series, source: 'none' };
}
