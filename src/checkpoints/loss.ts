import { posix } from 'node:path';
import { lossLogPath, uiLogPath } from '../ai-toolkit/layout.js';
import { tailFile } from '../remote/tail.js';
import type { Target } from '../remote/target.js';
import { readLossLog, reconcile } from '../training/loss-db.js';
import { LossSeries } from '../training/loss-series.js';
import { LogParser } from '../training/parser.js';
import type { LossAt } from './checkpoint-index.js';
import type { LossProvider } from './session.js';

/** Steps either side of a checkpoint whose smoothed loss is averaged into its "loss around that step". */
export const LOSS_RADIUS = 25;

/** Read a run log (ai-toolkit console output) into a loss series; null when there is no log. */
export async function lossSeriesFromLog(target: Target, path: string, jobName: string, signal?: AbortSignal): Promise<LossSeries | null> {
  const st = await target.stat(path).catch(() => null);
  if (!st?.isFile) return null;
  const parser = new LogParser({ jobName });
  const series = new LossSeries();
  for await (const chunk of tailFile(target, path, { from: 0, follow: false, signal })) {
    for (const e of parser.push(chunk.data)) if (e.type === 'loss') series.add(e.step, e.loss);
  }
  return series.count > 0 ? series : null;
}

export function lossAtFrom(series: LossSeries, radius = LOSS_RADIUS): LossAt {
  return (step) => series.around(step, radius)?.ema ?? null;
}

/**
 * The smoothed loss around each checkpoint, from the run's log: lorapilot's own run.log when the job
 * was launched by it, else ai-toolkit UI's `log.txt` in the output folder (reference §1.1). Where the
 * run keeps `loss_log.db` (logging.use_ui_logger), its exact per-step values replace the bar's
 * 4-digit ones (reference §2).
 */
export const lossFromRunLog: LossProvider = async (project, source, target) => {
  const candidates: string[] = [];
  if (project.job?.log) candidates.push(posix.isAbsolute(project.job.log) ? project.job.log : posix.join(project.job.folder, project.job.log));
  candidates.push(uiLogPath(source.folder));
  let series: LossSeries | null = null;
  for (const path of candidates) {
    series = await lossSeriesFromLog(target, path, source.jobName).catch(() => null);
    if (series) break;
  }
  try {
    const db = await readLossLog(target, lossLogPath(source.folder));
    if (db && db.rows.length) {
      series ??= new LossSeries();
      reconcile(series, db.rows);
    }
  } catch {
    // No python on the target, or a locked database: the log's values are good to 4 digits.
  }
  return series && series.count > 0 ? lossAtFrom(series) : undefined;
};
