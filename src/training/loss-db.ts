import { z } from 'zod';
import { sh } from '../remote/shell.js';
import { TargetError, type Target } from '../remote/target.js';
import type { LossSeries } from './loss-series.js';

/**
 * Exact per-step losses from ai-toolkit's `loss_log.db` (reference/ai-toolkit.md §2): written only
 * with `logging.use_ui_logger: true`, every `log_every` steps (default 100), never on a run's first
 * step; `step` is the 0-based loop index k; values are the single-step loss at full precision (the
 * bar shows 4 significant digits). Read on the target with its own python's sqlite3, so nothing has
 * to be installed and the database never leaves the pod.
 */
export interface LossLogRow {
  step: number;
  loss: number | null;
  lr: number | null;
}

const replySchema = z.object({
  keys: z.array(z.string()),
  rows: z.array(z.tuple([z.number().int(), z.number().nullable(), z.number().nullable()])),
});

// Read-only and WAL-tolerant: the trainer keeps writing while we read. NaN/inf become null (JSON).
const SCRIPT = `
import json, math, sqlite3, sys
path, since, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
try:
    con = sqlite3.connect('file:' + path + '?mode=ro', uri=True, timeout=5)
    con.execute('select 1 from steps limit 1')
except Exception:
    con = sqlite3.connect(path, timeout=5)
keys = [r[0] for r in con.execute('select key from metric_keys order by key')]
rows = con.execute(
    "select s.step, l.value_real, r.value_real from steps s "
    "left join metrics l on l.step = s.step and l.key = 'loss/loss' "
    "left join metrics r on r.step = s.step and r.key = 'learning_rate' "
    "where s.step > ? order by s.step limit ?", (since, limit)).fetchall()
fin = lambda v: v if isinstance(v, (int, float)) and math.isfinite(v) else None
sys.stdout.write(json.dumps({'keys': keys, 'rows': [[int(s), fin(l), fin(r)] for s, l, r in rows]}))
`;

/** Rows of loss_log.db after `sinceStep`, oldest first; null when the file does not exist. */
export async function readLossLog(
  target: Target,
  dbPath: string,
  opts: { sinceStep?: number; limit?: number; python?: string; signal?: AbortSignal } = {},
): Promise<{ keys: string[]; rows: LossLogRow[] } | null> {
  if (!(await target.stat(dbPath))) return null;
  const python = opts.python ?? 'python3';
  const r = await target.exec(sh`${python} -c ${SCRIPT} ${dbPath} ${opts.sinceStep ?? -1} ${opts.limit ?? 2_000_000}`, { signal: opts.signal });
  if (r.code !== 0) throw new TargetError('failed', `could not read ${dbPath}: ${(r.stderr.trim().split('\n').pop() ?? '') || `exit ${r.code}`}`);
  let json: unknown;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    throw new TargetError('failed', `unexpected reply reading ${dbPath}`);
  }
  const parsed = replySchema.safeParse(json);
  if (!parsed.success) throw new TargetError('failed', `unexpected reply reading ${dbPath}`);
  return { keys: parsed.data.keys, rows: parsed.data.rows.map(([step, loss, lr]) => ({ step, loss, lr })) };
}

export interface Reconciliation {
  /** Steps whose stream value was replaced by the exact one. */
  replaced: number;
  /** Steps the stream had not seen (yet) and were appended. */
  appended: number;
  /** Steps in the database that the series can no longer take (older than its full-resolution window). */
  skipped: number;
  /** Replaced steps whose stream value disagreed beyond the bar's 4 significant digits. */
  mismatches: number[];
}

/**
 * Merge exact values into a series built from the stream. A mismatch means the stream attributed a
 * loss to the wrong step, which the tests hold at zero.
 */
export function reconcile(series: LossSeries, rows: LossLogRow[]): Reconciliation {
  const out: Reconciliation = { replaced: 0, appended: 0, skipped: 0, mismatches: [] };
  for (const row of rows) {
    if (row.loss === null) continue;
    const before = series.valueAt(row.step);
    if (before !== null) {
      // `{:.3e}` keeps 4 significant digits: half a unit in the last place is the most they can differ.
      if (Math.abs(before - row.loss) > Math.abs(row.loss) * 5.01e-4 + 1e-12) out.mismatches.push(row.step);
      series.set(row.step, row.loss);
      out.replaced++;
    } else if (series.lastStep === null || row.step > series.lastStep) {
      series.add(row.step, row.loss);
      out.appended++;
    } else out.skipped++;
  }
  return out;
}
