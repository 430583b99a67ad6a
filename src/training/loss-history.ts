import { posix } from 'node:path';
import { tailFile } from '../remote/tail.js';
import type { Target } from '../remote/target.js';
import { readLossLog } from './loss-db.js';
import type { LossSeries } from './loss-series.js';
import { LogParser } from './parser.js';

/**
 * The part of a job's loss curve that came before the run being watched. A resumed job is a new
 * launch with a new log that starts at the resumed checkpoint's step, but the same ai-toolkit
 * folder: its loss_log.db and the earlier launches' logs (sibling run folders) still hold the steps
 * before. They are fed into the series first, in launch order, so each later launch re-running steps
 * replaces them exactly as a resume does (LossSeries.add), and "whole run" starts at step 0.
 */
export interface HistorySource {
  /** The watched run's log: earlier launches are the sibling run folders with a log of the same name. */
  log: string;
  jobName?: string | null;
  /** ai-toolkit's folder for the job (its loss_log.db). */
  output?: string | null;
  python?: string;
  signal?: AbortSignal;
}

/** Loss points of one log, in the order they were printed. */
async function logLosses(target: Target, log: string, jobName: string | null, signal?: AbortSignal): Promise<Array<[number, number]>> {
  const parser = new LogParser({ jobName: jobName ?? undefined });
  const out: Array<[number, number]> = [];
  let named = jobName === null;
  const take = (events: ReturnType<LogParser['push']>) => {
    for (const e of events) {
      if (e.type === 'job' && jobName !== null) named = e.name === jobName;
      else if (e.type === 'loss') out.push([e.step, e.loss]);
    }
  };
  for await (const chunk of tailFile(target, log, { from: 0, follow: false, signal })) take(parser.push(chunk.data));
  take(parser.end());
  // another job's launch in the same runs folder is not this job's history
  return named || parser.state.jobName === jobName ? out : [];
}

/** Earlier launches' logs of the same job, oldest first. */
async function earlierLogs(target: Target, log: string): Promise<string[]> {
  const runDir = posix.dirname(log);
  const runs = posix.dirname(runDir);
  const name = posix.basename(log);
  const self = await target.stat(log).catch(() => null);
  const entries = await target.list(runs).catch(() => []);
  const found: Array<{ path: string; mtimeMs: number }> = [];
  for (const e of entries) {
    if (!e.isDirectory || posix.join(runs, e.name) === runDir) continue;
    const path = posix.join(runs, e.name, name);
    const st = await target.stat(path).catch(() => null);
    if (st?.isFile && (!self || st.mtimeMs <= self.mtimeMs)) found.push({ path, mtimeMs: st.mtimeMs });
  }
  return found.sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path)).map((f) => f.path);
}

/**
 * Seed an empty series with the job's earlier steps; returns how many points went in. Nothing that
 * cannot be read stops the monitor: a missing database or log just adds nothing.
 */
export async function seedLossHistory(series: LossSeries, target: Target, src: HistorySource): Promise<number> {
  if (series.count > 0) return 0;
  const runs: Array<Array<[number, number]>> = [];
  for (const log of await earlierLogs(target, src.log)) runs.push(await logLosses(target, log, src.jobName ?? null, src.signal).catch(() => []));
  const db = src.output ? await readLossLog(target, posix.join(src.output, 'loss_log.db'), { python: src.python, signal: src.signal }).catch(() => null) : null;
  const exact = new Map<number, number>();
  for (const r of db?.rows ?? []) if (r.loss !== null) exact.set(r.step, r.loss);
  // the database's steps before any log's first step come first; the logs then run in launch order
  const firstLogged = Math.min(Infinity, ...runs.filter((r) => r.length > 0).map((r) => r[0][0]));
  for (const [step, loss] of [...exact].sort((a, b) => a[0] - b[0])) if (step < firstLogged) series.add(step, loss);
  for (const run of runs) for (const [step, loss] of run) series.add(step, exact.get(step) ?? loss);
  return series.count;
}
