import { posix } from 'node:path';
import { runState, type RunState } from '../pod/job.js';
import type { Target } from '../remote/target.js';
import { readLossLog, reconcile, type Reconciliation } from './loss-db.js';
import { readDisk, readGpu } from './probes.js';
import type { RedFlag } from './red-flags.js';
import type { RunModel } from './run-model.js';
import { fetchSamples } from './sample-fetch.js';

/** What the monitor polls on the side of the log, and how often (ms). */
export const DEFAULT_INTERVALS = { tail: 250, run: 3000, gpu: 5000, disk: 60_000, samples: 4000, lossDb: 30_000, idle: 10_000 };
export type Intervals = typeof DEFAULT_INTERVALS;

export interface PollContext {
  target: Target;
  model: RunModel;
  signal: AbortSignal;
  intervals: Intervals;
  run?: { pid: string; exitCode: string } | null;
  gpu?: boolean;
  disk?: string | null;
  output?: string | null;
  sampleCache?: string | null;
  python?: string;
  raised: (flags: RedFlag[]) => void;
  onReconcile?: (r: Reconciliation) => void;
}

export interface Polls {
  /** The run's state as last polled (null before the first poll, or without run files). */
  lastRun(): RunState | null;
  pollSamples(): Promise<void>;
  pollLossDb(): Promise<void>;
  stop(): void;
}

/** Start every poll that applies; a failing probe never stops the monitor. */
export function startPolls(c: PollContext): Polls {
  const timers: NodeJS.Timeout[] = [];
  let lastRun: RunState | null = null;
  const every = (ms: number, fn: () => Promise<boolean | void>) => {
    const tick = async () => {
      if (c.signal.aborted) return;
      let again = true;
      try {
        again = (await fn()) !== false;
      } catch {
        /* a probe that fails (dropped connection) is retried next tick */
      }
      if (again && !c.signal.aborted) timers.push(setTimeout(tick, ms));
    };
    void tick();
  };
  if (c.run) {
    const run = c.run;
    every(c.intervals.run, async () => {
      lastRun = await runState(c.target, run);
      if (lastRun.state === 'vanished') {
        c.raised(c.model.runGone());
        c.model.changed();
        return false;
      }
      return lastRun.state !== 'exited';
    });
  }
  if (c.gpu) {
    every(c.intervals.gpu, async () => {
      const g = await readGpu(c.target, c.signal);
      if (!g) return false; // no nvidia-smi here: stop asking
      c.raised(c.model.setGpu(g));
      c.model.changed();
    });
  }
  if (c.disk) {
    const path = c.disk;
    every(c.intervals.disk, async () => {
      const d = await readDisk(c.target, path, c.signal);
      if (!d) return false;
      c.raised(c.model.setDisk(d));
      c.model.changed();
    });
  }
  const pollSamples = async () => {
    if (c.output && (await fetchSamples(c.target, c.output, c.sampleCache ?? null, c.model, c.signal))) c.model.changed();
  };
  const pollLossDb = lossDbPoll(c);
  if (c.output) {
    every(c.intervals.samples, pollSamples);
    every(c.intervals.lossDb, pollLossDb);
  }
  return {
    lastRun: () => lastRun,
    pollSamples,
    pollLossDb,
    stop: () => {
      for (const t of timers) clearTimeout(t);
    },
  };
}

/** loss_log.db, read from where the last read stopped, refined into the series. */
function lossDbPoll(c: PollContext): () => Promise<void> {
  let since = -1;
  let busy: Promise<void> | null = null;
  return async () => {
    if (!c.output) return;
    // one read at a time (the periodic one and the final one may meet)
    while (busy) await busy;
    busy = (async () => {
      const r = await readLossLog(c.target, posix.join(c.output as string, 'loss_log.db'), { sinceStep: since, python: c.python, signal: c.signal });
      // Only steps the stream has reached: the database is refined into the series, never ahead of it
      // (a later stream step at or before the series' end would read as a resume and cut it).
      const upTo = c.model.series.lastStep ?? -1;
      const rows = r?.rows.filter((row) => row.step <= upTo) ?? [];
      if (rows.length === 0) return;
      since = rows[rows.length - 1].step;
      c.onReconcile?.(reconcile(c.model.series, rows));
      c.model.changed();
    })().finally(() => {
      busy = null;
    });
    await busy;
  };
}
