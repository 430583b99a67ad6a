import { mkdir, stat as fsStat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { parseSampleName } from '../ai-toolkit/names.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { runState, type RunState } from '../pod/job.js';
import { tailFile } from '../remote/tail.js';
import { TargetError, type Target } from '../remote/target.js';
import type { TrainingEvent } from './events.js';
import { readLossLog, reconcile, type Reconciliation } from './loss-db.js';
import { LogParser } from './parser.js';
import { readDisk, readGpu } from './probes.js';
import type { FlagOptions, RedFlag } from './red-flags.js';
import { RunModel, type ConnectionInfo, type RunSnapshot } from './run-model.js';
import { loadSnapshot, saveSnapshot } from './snapshot.js';

/**
 * Follows one run: tails its log by byte offset on a Target, parses it into events, folds them into
 * a RunModel, and polls the pod on the side (run alive? exit code, GPU memory, free disk, new
 * samples, loss_log.db). Everything stops with the AbortSignal. A dropped connection is survived:
 * the tail resumes from the last offset, so no byte is read twice or missed.
 */
export interface MonitorOptions {
  target: Target;
  /** The log on the target. */
  log: string;
  /** Byte offset to start reading from (0: the whole log, which rebuilds the chart). */
  from?: number;
  /**
   * true: until the run ends; false: up to the current end of the log;
   * 'auto': while the log keeps growing (a replay of a log still being written).
   */
  follow: boolean | 'auto';
  jobName?: string | null;
  total?: number | null;
  stepsPerEpoch?: number | null;
  /** ai-toolkit's folder for this job on the target: samples/ and loss_log.db. */
  output?: string | null;
  /** The launched run's pid and exit-code files (pod's detached launch). */
  run?: { pid: string; exitCode: string } | null;
  /** Python on the target, for reading loss_log.db. */
  python?: string;
  /** Local folder where sample images are fetched; null reads them in place (a local target). */
  sampleCache?: string | null;
  /** Poll nvidia-smi (SSH targets). */
  gpu?: boolean;
  /** Watch free space here (e.g. /workspace). */
  disk?: string | null;
  flags?: FlagOptions;
  /** Each event, after the model has taken it in. */
  onEvent?: (e: TrainingEvent) => void;
  onFlag?: (f: RedFlag) => void;
  /** The offset after each chunk, to persist (callers throttle their writes). */
  onOffset?: (offset: number) => void;
  onReconcile?: (r: Reconciliation) => void;
  signal?: AbortSignal;
  /**
   * Keep what was read in a local file: a later start with the same key resumes from there instead
   * of re-reading the whole log (the chart still shows the whole run).
   */
  snapshot?: { file: string; key: string; everyMs?: number };
  /** Called once before reading: where reading starts, and whether a snapshot supplied the run so far. */
  onAttach?: (a: { offset: number; restored: boolean }) => void;
  /** Poll intervals (ms). */
  intervals?: Partial<{ tail: number; run: number; gpu: number; disk: number; samples: number; lossDb: number; idle: number }>;
}

export interface MonitorHandle {
  model: RunModel;
  /** Resolves when the log is drained (the run ended, or follow stopped) or on abort. */
  done: Promise<RunSnapshot>;
}

const DEFAULT_INTERVALS = { tail: 250, run: 3000, gpu: 5000, disk: 60_000, samples: 4000, lossDb: 30_000, idle: 10_000 };

interface StateSource {
  onState(l: (s: ConnectionInfo) => void): () => void;
  state: ConnectionInfo;
}

function hasState(t: Target): t is Target & StateSource {
  return typeof (t as Partial<StateSource>).onState === 'function';
}

export function startMonitor(o: MonitorOptions): MonitorHandle {
  const iv = { ...DEFAULT_INTERVALS, ...o.intervals };
  const model = new RunModel({
    jobName: o.jobName ?? null,
    total: o.total ?? null,
    stepsPerEpoch: o.stepsPerEpoch ?? null,
    flags: o.flags,
    connection: o.target.kind === 'local' ? { state: 'local' } : hasState(o.target) ? o.target.state : { state: 'connected' },
  });
  let parser = new LogParser({ jobName: o.jobName ?? undefined });
  const inner = new AbortController();
  const abort = () => inner.abort();
  o.signal?.addEventListener('abort', abort, { once: true });
  const signal = inner.signal;
  const timers: NodeJS.Timeout[] = [];
  const unsub: Array<() => void> = [];
  let lastRun: RunState | null = null;

  const raised = (flags: RedFlag[]) => {
    for (const f of flags) o.onFlag?.(f);
  };
  const feed = (events: TrainingEvent[]) => {
    for (const e of events) {
      const flags = model.apply(e);
      o.onEvent?.(e);
      raised(flags);
    }
  };

  if (hasState(o.target)) unsub.push(o.target.onState((s) => model.setConnection(s)));

  /** Run `fn` every `ms` until aborted; a failing probe never stops the monitor. */
  const every = (ms: number, fn: () => Promise<boolean | void>) => {
    const tick = async () => {
      if (signal.aborted) return;
      let again = true;
      try {
        again = (await fn()) !== false;
      } catch {
        /* a probe that fails (dropped connection) is retried next tick */
      }
      if (again && !signal.aborted) timers.push(setTimeout(tick, ms));
    };
    void tick();
  };

  if (o.run) {
    const run = o.run;
    every(iv.run, async () => {
      lastRun = await runState(o.target, run);
      if (lastRun.state === 'vanished') {
        raised(model.runGone());
        model.changed();
        return false;
      }
      return lastRun.state !== 'exited';
    });
  }
  if (o.gpu) {
    every(iv.gpu, async () => {
      const g = await readGpu(o.target, signal);
      if (!g) return false; // no nvidia-smi here: stop asking
      raised(model.setGpu(g));
      model.changed();
    });
  }
  if (o.disk) {
    const path = o.disk;
    every(iv.disk, async () => {
      const d = await readDisk(o.target, path, signal);
      if (!d) return false;
      raised(model.setDisk(d));
      model.changed();
    });
  }
  let since = -1;
  const pollSamples = async () => {
    if (o.output && (await fetchSamples(o.target, o.output, o.sampleCache ?? null, model, signal))) model.changed();
  };
  let dbBusy: Promise<void> | null = null;
  const pollLossDb = async () => {
    if (!o.output) return;
    // one read at a time (the periodic one and the final one may meet)
    while (dbBusy) await dbBusy;
    dbBusy = (async () => {
      const r = await readLossLog(o.target, posix.join(o.output as string, 'loss_log.db'), { sinceStep: since, python: o.python, signal });
      // Only steps the stream has reached: the database is refined into the series, never ahead of it
      // (a later stream step at or before the series' end would read as a resume and cut it).
      const upTo = model.series.lastStep ?? -1;
      const rows = r?.rows.filter((row) => row.step <= upTo) ?? [];
      if (rows.length === 0) return;
      since = rows[rows.length - 1].step;
      o.onReconcile?.(reconcile(model.series, rows));
      model.changed();
    })().finally(() => {
      dbBusy = null;
    });
    await dbBusy;
  };
  if (o.output) {
    every(iv.samples, pollSamples);
    every(iv.lossDb, pollLossDb);
  }

  const done = (async (): Promise<RunSnapshot> => {
    let offset = o.from ?? 0;
    let lastSnap = Date.now();
    const snapOpt = o.snapshot;
    // Set once the log is drained: the resume point must not include a line the final flush cut short.
    let resumeAt: { offset: number; state: typeof parser.state } | null = null;
    const persist = async () => {
      if (!snapOpt) return;
      lastSnap = Date.now();
      const at = resumeAt ?? { offset: offset - parser.pendingBytes, state: parser.state };
      await saveSnapshot(snapOpt.file, { v: 1, key: snapOpt.key, offset: at.offset, parser: at.state, model: model.toJSON() }).catch(() => {});
    };
    if (snapOpt) {
      const saved = await loadSnapshot(snapOpt.file, snapOpt.key);
      const size = (await o.target.stat(o.log).catch(() => null))?.size ?? 0;
      if (saved && saved.offset >= offset && saved.offset <= size) {
        try {
          model.restore(saved.model);
          parser = new LogParser({ jobName: o.jobName ?? undefined }, saved.parser);
          offset = saved.offset;
          model.setOffset(offset);
          model.changed();
        } catch {
          /* a snapshot from another version: read the log from the start */
        }
      }
    }
    o.onAttach?.({ offset, restored: offset > (o.from ?? 0) });
    let lastGrowth = Date.now();
    const follow = o.follow !== false;
    const isDone = async (): Promise<boolean> => {
      if (o.run) {
        if (lastRun?.state === 'vanished') return true;
        return (await o.target.stat(o.run.exitCode)) !== null;
      }
      if (o.follow === true) return parser.verdict().ended;
      // 'auto': stop once the log says the run ended, or when it stopped growing
      const st = await o.target.stat(o.log);
      const idleFor = Date.now() - Math.max(lastGrowth, st?.mtimeMs ?? 0);
      return parser.verdict().ended ? idleFor > 1500 : idleFor > iv.idle;
    };
    for (;;) {
      try {
        for await (const chunk of tailFile(o.target, o.log, { from: offset, follow, signal, pollMs: iv.tail, done: isDone })) {
          offset = chunk.offset;
          lastGrowth = Date.now();
          feed(parser.push(chunk.data));
          model.setOffset(offset);
          o.onOffset?.(offset);
          model.changed();
          if (snapOpt && Date.now() - lastSnap > (snapOpt.everyMs ?? 10_000)) await persist();
        }
        break;
      } catch (e) {
        if (signal.aborted) break;
        if (e instanceof TargetError && e.code === 'not-found' && follow) {
          // the log is not there yet (a run just launched): wait for it
          await sleep(iv.tail * 4, signal);
          continue;
        }
        if (e instanceof TargetError && (e.code === 'disconnected' || e.code === 'unreachable')) {
          if (model.snapshot().connection.state !== 'lost') model.setConnection({ state: 'lost', reason: e.message });
          await sleep(5000, signal);
          continue;
        }
        throw e;
      }
    }
    resumeAt = { offset: offset - parser.pendingBytes, state: { ...parser.state } };
    if (!signal.aborted) {
      // The verdict: the exit-code file of a launched run, else what the log itself says.
      let events: TrainingEvent[];
      if (o.run) {
        const st = await runState(o.target, o.run).catch(() => null);
        if (st?.state === 'exited') events = parser.finish(st.exitCode, 'exit-code');
        else {
          events = parser.end();
          if (st?.state === 'vanished') raised(model.runGone());
        }
      } else {
        const v = parser.verdict();
        events = v.ended || follow ? parser.finish(v.exitCode, 'log') : parser.end();
        if (!v.ended && !follow) events.push({ type: 'finished', exitCode: null, source: 'log' });
      }
      // The last samples and losses land after the log's last lines (§1.7: final save, then final
      // samples); take them in before the verdict, so `finished` is the last event.
      await Promise.all([pollSamples().catch(() => {}), pollLossDb().catch(() => {})]);
      feed(events);
      model.changed();
    }
    await persist();
    for (const t of timers) clearTimeout(t);
    for (const u of unsub) u();
    inner.abort();
    o.signal?.removeEventListener('abort', abort);
    return model.snapshot();
  })();
  return { model, done };
}

/** List the job's samples/ and fetch new images into the local cache. Returns true when any arrived. */
export async function fetchSamples(target: Target, output: string, cache: string | null, model: RunModel, signal?: AbortSignal): Promise<boolean> {
  const dir = posix.join(output, 'samples');
  const entries = await target.list(dir).catch((e: unknown) => {
    if (e instanceof TargetError && e.code === 'not-found') return [];
    throw e;
  });
  let added = false;
  for (const entry of entries) {
    if (signal?.aborted) break;
    if (!entry.isFile) continue;
    const name = parseSampleName(entry.name);
    if (!name) continue;
    const remote = posix.join(dir, entry.name);
    if (model.hasSample(name.step, name.index, remote)) continue;
    let local: string | null = remote;
    if (cache !== null) {
      local = join(cache, entry.name);
      const have = await fsStat(local).catch(() => null);
      if (!have || have.size !== entry.size) {
        await mkdir(cache, { recursive: true });
        await writeFileAtomic(local, await target.readFile(remote));
      }
    }
    added = model.addSample({ step: name.step, index: name.index, local, remote }) || added;
  }
  return added;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
