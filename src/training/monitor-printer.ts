import type { TrainingEvent } from './events.js';
import { eventLines, flagLines, progressLine } from './format.js';
import type { Reconciliation } from './loss-db.js';
import type { MonitorJsonLine } from './monitor-json.js';
import type { RedFlag } from './red-flags.js';
import type { RunModel } from './run-model.js';

/**
 * What a monitor without a screen prints, line by line: readable text (progress paced, every other
 * event as it comes) or one JSON object per line. The command only writes what this returns.
 */
export interface MonitorPrinter {
  event(e: TrainingEvent, model: RunModel): string[];
  flag(f: RedFlag): string[];
  attached(a: { offset: number; restored: boolean }, model: RunModel): string[];
  reconciled(r: Reconciliation): string[];
}

/** A progress line every 5 % of the run, every 30 s while following, and at the last step. */
export const PROGRESS_BUCKETS = 20;
export const PROGRESS_EVERY_MS = 30_000;

export class ProgressPace {
  private lastAt = 0;
  private lastBucket = -1;
  constructor(private readonly now: () => number = Date.now) {}

  due(count: number, total: number): boolean {
    const bucket = Math.floor((count / (total || 1)) * PROGRESS_BUCKETS);
    const now = this.now();
    if (bucket === this.lastBucket && now - this.lastAt <= PROGRESS_EVERY_MS && count !== total) return false;
    this.lastBucket = bucket;
    this.lastAt = now;
    return true;
  }
}

const smoothed = (model: RunModel) => model.series.last?.ema ?? null;

export function textPrinter(now: () => number = Date.now): MonitorPrinter {
  const pace = new ProgressPace(now);
  return {
    event(e, model) {
      if (e.type !== 'progress') return eventLines(e);
      if (!pace.due(e.count, e.total)) return [];
      return [progressLine({ ...model.snapshot(), count: e.count, total: e.total, rate: e.rate, elapsed: e.elapsed, eta: e.eta }, smoothed(model))];
    },
    flag: (f) => flagLines(f),
    attached(a, model) {
      if (!a.restored) return [];
      return [`attached at byte ${a.offset}: ${progressLine(model.snapshot(), smoothed(model))} (the run so far from the saved state; --from-start re-reads the log)`];
    },
    reconciled: () => [],
  };
}

/** `--json`: every event but log lines (unless `lines`), flags, a restored attach, reconciliations. */
export function jsonPrinter(opts: { lines: boolean }): MonitorPrinter {
  const line = (x: MonitorJsonLine) => [JSON.stringify(x)];
  return {
    event: (e) => (e.type !== 'line' || opts.lines ? line(e) : []),
    flag: (f) => line({ type: 'flag', ...f }),
    attached(a, model) {
      if (!a.restored) return [];
      const s = model.snapshot();
      return line({ type: 'attached', offset: a.offset, count: s.count, total: s.total, status: s.status });
    },
    reconciled: (r) => line({ type: 'reconciled', replaced: r.replaced, appended: r.appended, skipped: r.skipped, mismatches: r.mismatches.length }),
  };
}

/** The JSON line `lorapilot monitor --json` prints when the project has no run. */
export function noRunJsonLine(): string {
  const e: MonitorJsonLine = { type: 'error', message: 'no training run yet', traceback: [] };
  return JSON.stringify(e);
}
