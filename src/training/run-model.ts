import type { Phase, TrainingEvent } from './events.js';
import { emptyFacts, readEcho, type ConfigFacts } from './config-echo.js';
import { classifyFailure, hostOomCause, memoryFix, type FailureCause } from './failure-causes.js';
import { logFlag } from './log-flags.js';
import { LossSeries, type SeriesData, type SeriesOptions } from './loss-series.js';
import { RedFlagDetector, type FlagOptions, type RedFlag } from './red-flags.js';
import type { DiskReading, GpuReading } from './probes.js';

/**
 * Everything known about one run, folded from parser events and probes. Plain TypeScript: the
 * screen, the plain-text printer and the JSON stream all read the same model.
 */
export type ConnectionInfo =
  | { state: 'local' }
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'reconnecting'; attempt: number; inMs: number; reason: string }
  | { state: 'lost'; reason: string }
  | { state: 'closed' };

export const RUN_STATUSES = ['starting', 'running', 'finished', 'failed', 'stopped', 'died', 'ended'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface CheckpointInfo {
  step: number | null;
  path: string;
  final: boolean;
  removed: boolean;
}

export interface SampleInfo {
  step: number;
  index: number;
  /** A local file to preview (the cache copy, or the file itself on a local target). */
  local: string | null;
  remote: string;
}

export interface RunSnapshot {
  jobName: string | null;
  model: string | null;
  phase: Phase | null;
  phaseDetail: string | null;
  status: RunStatus;
  exitCode: number | null;
  count: number;
  total: number | null;
  loss: number | null;
  lossStep: number | null;
  lr: number | null;
  rate: number | null;
  elapsed: number | null;
  eta: number | null;
  stepsPerEpoch: number | null;
  checkpoints: CheckpointInfo[];
  flags: RedFlag[];
  lines: string[];
  error: { message: string; traceback: string[] } | null;
  gpu: GpuReading | null;
  disk: DiskReading | null;
  connection: ConnectionInfo;
  samples: SampleInfo[];
  /** Bytes of the log read so far. */
  offset: number;
  version: number;
}

const MAX_LINES = 300;

export class RunModel {
  series: LossSeries;
  readonly flags: RedFlagDetector;
  private s: Omit<RunSnapshot, 'flags' | 'checkpoints' | 'lines' | 'samples'>;
  private checkpoints: CheckpointInfo[] = [];
  private lines: string[] = [];
  private samples = new Map<string, SampleInfo>();
  private listeners = new Set<() => void>();
  /** The settings the run echoed at start, for the fixes its flags suggest. */
  private facts = emptyFacts();

  constructor(opts: { jobName?: string | null; total?: number | null; stepsPerEpoch?: number | null; series?: SeriesOptions; flags?: FlagOptions; connection?: ConnectionInfo } = {}) {
    this.series = new LossSeries(opts.series);
    this.flags = new RedFlagDetector({ ...opts.flags, stepsPerEpoch: opts.stepsPerEpoch ?? null });
    this.s = {
      jobName: opts.jobName ?? null,
      model: null,
      phase: null,
      phaseDetail: null,
      status: 'starting',
      exitCode: null,
      count: 0,
      total: opts.total ?? null,
      loss: null,
      lossStep: null,
      lr: null,
      rate: null,
      elapsed: null,
      eta: null,
      stepsPerEpoch: opts.stepsPerEpoch ?? null,
      error: null,
      gpu: null,
      disk: null,
      connection: opts.connection ?? { state: 'local' },
      offset: 0,
      version: 0,
    };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tell subscribers something changed (call once per batch of events, not per event). */
  changed(): void {
    this.s.version++;
    for (const l of this.listeners) l();
  }

  get status(): RunStatus {
    return this.s.status;
  }

  get version(): number {
    return this.s.version;
  }

  snapshot(): RunSnapshot {
    return {
      ...this.s,
      checkpoints: [...this.checkpoints],
      flags: this.flags.list(),
      lines: [...this.lines],
      samples: [...this.samples.values()].sort((a, b) => a.step - b.step || a.index - b.index),
    };
  }

  /** Fold one event; returns the red flags it raised (new ones only). */
  apply(e: TrainingEvent): RedFlag[] {
    const s = this.s;
    switch (e.type) {
      case 'job':
        s.jobName = e.name;
        return [];
      case 'model':
        s.model = e.name;
        return [];
      case 'phase':
        s.phase = e.phase;
        s.phaseDetail = e.detail ?? null;
        if (s.status === 'starting' || s.status === 'ended') s.status = 'running';
        return [];
      case 'progress':
        s.count = e.count;
        s.total = e.total;
        s.rate = e.rate;
        s.elapsed = e.elapsed;
        s.eta = e.eta;
        if (s.status === 'starting' || s.status === 'ended') s.status = 'running';
        return this.flags.onRate(e.rate, e.count);
      case 'loss':
        this.series.add(e.step, e.loss);
        s.loss = e.loss;
        s.lossStep = e.step;
        if (e.lr !== null) s.lr = e.lr;
        return this.flags.onLoss(e.step, e.loss);
      case 'nan':
        return this.flags.onNan(e.step);
      case 'oom':
        return this.flags.onOom(e.attempt, e.of, e.step, memoryFix(this.facts, 'step'));
      case 'checkpoint':
        this.checkpoints = this.checkpoints.filter((c) => c.path !== e.path);
        this.checkpoints.push({ step: e.step, path: e.path, final: e.final, removed: false });
        return [];
      case 'removed':
        for (const c of this.checkpoints) if (c.path === e.path) c.removed = true;
        return [];
      case 'resume':
        s.status = 'running';
        s.exitCode = null;
        s.error = null;
        return [];
      case 'error':
        s.error = { message: e.message, traceback: e.traceback };
        return [];
      case 'stopped':
        s.status = 'stopped';
        return [];
      case 'finished':
        s.exitCode = e.exitCode;
        if (e.exitCode === null) {
          if (s.status === 'running' || s.status === 'starting') s.status = 'ended';
          return [];
        }
        if (s.status === 'stopped' && e.exitCode === 0) return [];
        if (e.exitCode === 0) {
          s.status = 'finished';
          return [];
        }
        s.status = 'failed';
        return this.flags.onFailed(e.exitCode, s.error?.message ?? null, this.failureCause());
      case 'log':
        return this.flags.note(logFlag(e));
      case 'line':
        if (s.phase === null) readEcho(this.facts, e.text);
        this.lines.push(e.text);
        if (this.lines.length > MAX_LINES) this.lines.splice(0, this.lines.length - MAX_LINES);
        return [];
    }
  }

  setOffset(offset: number): void {
    this.s.offset = offset;
  }

  setConnection(c: ConnectionInfo): void {
    this.s.connection = c;
    this.changed();
  }

  setGpu(g: GpuReading | null): RedFlag[] {
    this.s.gpu = g;
    return g ? this.flags.onVram(g.usedMiB, g.totalMiB) : [];
  }

  setDisk(d: DiskReading | null): RedFlag[] {
    this.s.disk = d;
    return d ? this.flags.onDisk(d.freeBytes, d.totalBytes, d.path) : [];
  }

  runGone(): RedFlag[] {
    if (this.s.status === 'finished' || this.s.status === 'failed' || this.s.status === 'stopped') return [];
    this.s.status = 'died';
    return this.flags.onRunGone(hostOomCause(this.facts, this.s.phase));
  }

  /** Why the run failed, from its error and the lines before it (failure-causes.ts). */
  failureCause(): FailureCause | null {
    const err = this.s.error;
    return classifyFailure({ message: err?.message ?? '', traceback: err?.traceback ?? [], lines: this.lines.slice(-60), phase: this.s.phase }, this.facts);
  }

  addSample(sample: SampleInfo): boolean {
    const key = `${sample.step}:${sample.index}`;
    const had = this.samples.get(key);
    if (had && had.local === sample.local && had.remote === sample.remote) return false;
    this.samples.set(key, sample);
    return true;
  }

  hasSample(step: number, index: number, remote: string): boolean {
    const had = this.samples.get(`${step}:${index}`);
    return had !== undefined && had.remote === remote && had.local !== null;
  }

  /** What a later attach needs to show the whole run without re-reading the log. */
  toJSON(): ModelData {
    return { v: 1, state: { ...this.s, version: 0 }, checkpoints: this.checkpoints, lines: this.lines.slice(-100), flags: this.flags.list().reverse(), series: this.series.toJSON(), facts: this.facts };
  }

  restore(d: ModelData): void {
    this.series = LossSeries.fromJSON(d.series);
    const connection = this.s.connection;
    this.s = { ...d.state, connection, version: this.s.version };
    this.checkpoints = d.checkpoints;
    this.lines = d.lines;
    this.facts = d.facts ?? emptyFacts();
    this.flags.restore(d.flags);
  }
}

export interface ModelData {
  v: 1;
  state: Omit<RunSnapshot, 'flags' | 'checkpoints' | 'lines' | 'samples'>;
  checkpoints: CheckpointInfo[];
  lines: string[];
  flags: RedFlag[];
  series: SeriesData;
  /** Absent in snapshots saved before the run's settings were kept. */
  facts?: ConfigFacts;
}
