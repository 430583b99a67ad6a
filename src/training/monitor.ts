import { runState } from '../pod/job.js';
import { tailFile, type TailChange } from '../remote/tail.js';
import { TargetError, type Target } from '../remote/target.js';
import type { TrainingEvent } from './events.js';
import { tailChangeEvent } from './log-flags.js';
import type { Reconciliation } from './loss-db.js';
import { seedLossHistory } from './loss-history.js';
import { DEFAULT_INTERVALS, startPolls, type Intervals, type Polls } from './monitor-polls.js';
import { LogParser } from './parser.js';
import type { FlagOptions, RedFlag } from './red-flags.js';
import { RunModel, type ConnectionInfo, type RunSnapshot } from './run-model.js';
import { loadSnapshot, saveSnapshot } from './snapshot.js';
import { DEFAULT_STALL_MINUTES, watchStall } from './stall.js';

export { fetchSamples } from './sample-fetch.js';

/**
 * Follows one run: tails its log by byte offset on a Target, parses it into events, folds them into
 * a RunModel, and polls the pod on the side (run alive? exit code, GPU memory, free disk, new
 * samples, loss_log.db). Everything stops with the AbortSignal. A dropped connection is survived:
 * the tail resumes from the last offset, so no byte is read twice or missed.
 */
export interface MonitorCallbacks {
  /** Each event, after the model has taken it in. */
  onEvent?: (e: TrainingEvent, model: RunModel) => void;
  onFlag?: (f: RedFlag, model: RunModel) => void;
  /** The offset after each chunk, to persist (callers throttle their writes: OffsetSaver). */
  onOffset?: (offset: number) => void;
  onReconcile?: (r: Reconciliation) => void;
  /** Called once before reading: where reading starts, and whether a snapshot supplied the run so far. */
  onAttach?: (a: { offset: number; restored: boolean }, model: RunModel) => void;
  signal?: AbortSignal;
}

export interface MonitorOptions extends MonitorCallbacks {
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
  /** A live run (with `run` files) whose log is silent this long is flagged as stalled (stall.ts). */
  stallMs?: number;
  /**
   * Keep what was read in a local file: a later start with the same key resumes from there instead
   * of re-reading the whole log (the chart still shows the whole run).
   */
  snapshot?: { file: string; key: string; everyMs?: number };
  /** Poll intervals (ms). */
  intervals?: Partial<Intervals>;
  /** Seed the chart with the job's steps before this launch (earlier launches' logs, loss_log.db). */
  history?: boolean;
}

export interface MonitorHandle {
  model: RunModel;
  /** Resolves when the log is drained (the run ended, or follow stopped) or on abort. */
  done: Promise<RunSnapshot>;
}

interface StateSource {
  onState(l: (s: ConnectionInfo) => void): () => void;
  state: ConnectionInfo;
}

function hasState(t: Target): t is Target & StateSource {
  return typeof (t as Partial<StateSource>).onState === 'function';
}

/** Everything one monitor run shares between its pieces. */
interface Run {
  o: MonitorOptions;
  iv: Intervals;
  model: RunModel;
  parser: LogParser;
  signal: AbortSignal;
  polls: Polls;
  offset: number;
  /** When the log last grew. */
  grewAt: number;
  feed(events: TrainingEvent[]): void;
  raised(flags: RedFlag[]): void;
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
  const inner = new AbortController();
  const abort = () => inner.abort();
  o.signal?.addEventListener('abort', abort, { once: true });
  if (o.signal?.aborted) abort();
  const signal = inner.signal;
  const unsub = hasState(o.target) ? o.target.onState((s) => model.setConnection(s)) : () => {};
  const raised = (flags: RedFlag[]) => {
    for (const f of flags) o.onFlag?.(f, model);
  };
  const polls = startPolls({ ...o, model, signal, intervals: iv, raised });
  const run: Run = {
    o,
    iv,
    model,
    parser: new LogParser({ jobName: o.jobName ?? undefined }),
    signal,
    polls,
    offset: o.from ?? 0,
    grewAt: Date.now(),
    raised,
    feed: (events) => {
      for (const e of events) {
        const flags = model.apply(e);
        o.onEvent?.(e, model);
        raised(flags);
      }
    },
  };
  if (o.run) {
    watchStall({
      target: o.target,
      run: o.run,
      stallMs: o.stallMs ?? DEFAULT_STALL_MINUTES * 60_000,
      lastGrowth: () => ({ at: run.grewAt, offset: run.offset }),
      phase: () => ({ phase: model.snapshot().phase, detail: model.snapshot().phaseDetail }),
      gpu: !!o.gpu,
      signal,
      onStall: (f) => {
        raised(model.flags.note(f));
        model.changed();
      },
    });
  }
  const done = (async (): Promise<RunSnapshot> => {
    const persist = await restore(run);
    const restored = run.offset > (o.from ?? 0);
    if (o.history && !restored && !signal.aborted) {
      await seedLossHistory(model.series, o.target, { log: o.log, jobName: o.jobName, output: o.output, python: o.python, signal }).catch(() => 0);
      model.changed();
    }
    o.onAttach?.({ offset: run.offset, restored }, model);
    await readLog(run, persist);
    // the resume point must not include a line the final flush cut short
    const resumeAt = { offset: run.offset - run.parser.pendingBytes, state: { ...run.parser.state } };
    if (!signal.aborted) await conclude(run);
    await persist(resumeAt);
    polls.stop();
    unsub();
    inner.abort();
    o.signal?.removeEventListener('abort', abort);
    return model.snapshot();
  })();
  return { model, done };
}

type Persist = (at?: { offset: number; state: LogParser['state'] }) => Promise<void>;

/** Resume from the local snapshot when it matches this log; returns how to save a new one. */
async function restore(run: Run): Promise<Persist> {
  const snapOpt = run.o.snapshot;
  if (!snapOpt) return async () => {};
  const saved = await loadSnapshot(snapOpt.file, snapOpt.key);
  const size = (await run.o.target.stat(run.o.log).catch(() => null))?.size ?? 0;
  if (saved && saved.offset >= run.offset && saved.offset <= size) {
    try {
      run.model.restore(saved.model);
      run.parser = new LogParser({ jobName: run.o.jobName ?? undefined }, saved.parser);
      run.offset = saved.offset;
      run.model.setOffset(run.offset);
      run.model.changed();
    } catch {
      /* a snapshot from another version: read the log from the start */
    }
  }
  return async (at) => {
    const { offset, state } = at ?? { offset: run.offset - run.parser.pendingBytes, state: run.parser.state };
    await saveSnapshot(snapOpt.file, { v: 1, key: snapOpt.key, offset, parser: state, model: run.model.toJSON() }).catch(() => {});
  };
}

/** Tail the log until it is drained (or the signal aborts), through missing files and lost connections. */
async function readLog(run: Run, persist: Persist): Promise<void> {
  const { o, iv, model, signal } = run;
  const follow = o.follow !== false;
  const everyMs = o.snapshot?.everyMs ?? 10_000;
  let lastSnap = Date.now();
  let lastGrowth = Date.now();
  let deleted = false;
  const onChange = (c: TailChange) => {
    deleted = c.kind === 'deleted';
    run.feed([tailChangeEvent(c, o.log, !!o.run)]);
    model.changed();
  };
  const isDone = async (): Promise<boolean> => {
    // a deleted log with no run to wait for has nothing more to say
    if (deleted && !o.run) return true;
    if (o.run) {
      if (run.polls.lastRun()?.state === 'vanished') return true;
      return (await o.target.stat(o.run.exitCode)) !== null;
    }
    if (o.follow === true) return run.parser.verdict().ended;
    // 'auto': stop once the log says the run ended, or when it stopped growing
    const st = await o.target.stat(o.log);
    const idleFor = Date.now() - Math.max(lastGrowth, st?.mtimeMs ?? 0);
    return run.parser.verdict().ended ? idleFor > 1500 : idleFor > iv.idle;
  };
  for (;;) {
    try {
      for await (const chunk of tailFile(o.target, o.log, { from: run.offset, follow, signal, pollMs: iv.tail, done: isDone, onChange })) {
        run.offset = chunk.offset;
        lastGrowth = run.grewAt = Date.now();
        run.feed(run.parser.push(chunk.data));
        model.setOffset(run.offset);
        o.onOffset?.(run.offset);
        model.changed();
        if (o.snapshot && Date.now() - lastSnap > everyMs) {
          lastSnap = Date.now();
          await persist();
        }
      }
      return;
    } catch (e) {
      if (signal.aborted) return;
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
}

/** The verdict: the exit-code file of a launched run, else what the log itself says. */
async function conclude(run: Run): Promise<void> {
  const { o, parser, model } = run;
  let events: TrainingEvent[];
  if (o.run) {
    const st = await runState(o.target, o.run).catch(() => null);
    if (st?.state === 'exited') events = parser.finish(st.exitCode, 'exit-code');
    else {
      events = parser.end();
      if (st?.state === 'vanished') run.raised(model.runGone());
    }
  } else {
    const follow = o.follow !== false;
    const v = parser.verdict();
    events = v.ended || follow ? parser.finish(v.exitCode, 'log') : parser.end();
    if (!v.ended && !follow) events.push({ type: 'finished', exitCode: null, source: 'log' });
  }
  // The last samples and losses land after the log's last lines (§1.7: final save, then final
  // samples); take them in before the verdict, so `finished` is the last event.
  await Promise.all([run.polls.pollSamples().catch(() => {}), run.polls.pollLossDb().catch(() => {})]);
  run.feed(events);
  model.changed();
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
