import { PreflightError } from './preflight.js';
import { loadProject, type Project } from '../project/index.js';
import type { DoctorReport } from './doctor.js';
import { recordDoctor } from './doctor-report.js';
import type { RunState } from './job.js';
import { describeState, doctorFor, isLocal, isRehearsal, jobState, openTarget, runIdOf, trainProject, uploadProject, type ConnectOptions, type TrainPhase } from './pod-service.js';
import { openRunTarget, rememberPodHost, runPlace, samePlace, type RunPlace } from './run-target.js';
import { stopProjectRun, stopRefusal } from './stop.js';
import { trainHeadline } from './train-report.js';
import { uploadSentText } from './upload-report.js';
import type { ConnectionState, HostKeyPrompt } from '../remote/ssh-target.js';
import type { SyncProgress, SyncResult } from './sync.js';
import { SnapshotSource } from './snapshot-source.js';
import { TargetError, type Target } from '../remote/target.js';

/**
 * What the Pod screen shows, driven by plain methods (no React here): connect, doctor, upload, launch, stop.
 * The screen subscribes and re-renders (throttled); every long operation reports through the snapshot.
 */
export type Busy = null | 'connecting' | 'doctor' | 'upload' | 'train' | 'stop' | 'refresh';

export interface PodSnapshot {
  host: string | null;
  local: boolean;
  rehearsal: boolean;
  connection: ConnectionState | { state: 'idle' };
  connectionText: string;
  busy: Busy;
  trainPhase: TrainPhase | null;
  doctor: DoctorReport | null;
  upload: SyncProgress | null;
  uploadResult: Pick<SyncResult, 'uploaded' | 'skipped' | 'bytesSent' | 'extra' | 'resumed' | 'seconds'> | null;
  job: { name: string; host: string; runId: string; state: RunState | null; log: string; output?: string } | null;
  /** `preflight`: the launch was refused for dataset/config errors and may be forced. */
  error: { message: string; hint?: string; preflight?: boolean } | null;
  notice: string | null;
  hostKeyPrompt: HostKeyPrompt | null;
}

function jobFrom(p: Project, state: RunState | null): PodSnapshot['job'] {
  if (!p.job) return null;
  return { name: p.job.name, host: p.job.host, runId: runIdOf(p.job), state, log: p.job.log, output: p.job.output };
}

export class PodController extends SnapshotSource<PodSnapshot> {
  private target: Target | null = null;
  private hostKeyAnswer: ((ok: boolean) => void) | null = null;
  private abort = new AbortController();

  constructor(
    readonly dir: string,
    private project: Project,
    private env: NodeJS.ProcessEnv = process.env,
  ) {
    super({
      host: project.pod?.host ?? null,
      local: isLocal(project),
      rehearsal: isRehearsal(project),
      connection: { state: 'idle' },
      connectionText: 'not connected',
      busy: null,
      trainPhase: null,
      doctor: null,
      upload: null,
      uploadResult: null,
      job: jobFrom(project, null),
      error: null,
      notice: null,
      hostKeyPrompt: null,
    });
  }

  setHost(host: string): void {
    this.set({ host: host.trim() || null, error: null });
  }

  answerHostKey(ok: boolean): void {
    const a = this.hostKeyAnswer;
    this.hostKeyAnswer = null;
    this.set({ hostKeyPrompt: null });
    a?.(ok);
  }

  private async run<T>(busy: Busy, fn: () => Promise<T>): Promise<T | null> {
    if (this.snap.busy) return null;
    this.set({ busy, error: null, notice: null });
    try {
      return await fn();
    } catch (e) {
      if (e instanceof TargetError) this.set({ error: { message: e.message, hint: e.hint, preflight: e instanceof PreflightError } });
      else this.set({ error: { message: (e as Error).message ?? String(e) } });
      return null;
    } finally {
      this.set({ busy: null, trainPhase: null });
    }
  }

  private async ensureTarget(): Promise<Target> {
    if (this.target) return this.target;
    this.set({ busy: 'connecting', connection: { state: 'connecting' }, connectionText: 'connecting…' });
    const t = await openTarget(this.project, {
      ...this.connectOptions(),
      host: this.snap.local ? undefined : (this.snap.host ?? undefined),
      onState: (s) => this.set({ connection: s, connectionText: describeState(s) }),
    }).catch((e: unknown) => {
      this.set({ connection: { state: 'idle' }, connectionText: 'not connected' });
      throw e;
    });
    this.target = t;
    this.set({ connection: { state: 'connected' }, connectionText: this.snap.local ? 'this machine' : `connected to ${t.label}` });
    if (!this.snap.local && this.snap.host) this.project = await rememberPodHost(this.dir, this.project, this.snap.host);
    return t;
  }

  private connectOptions(): ConnectOptions {
    return {
      env: this.env,
      confirmHostKey: (p) =>
        new Promise<boolean>((resolve) => {
          this.hostKeyAnswer = resolve;
          this.set({ hostKeyPrompt: p });
        }),
    };
  }

  /** The connection to where the project's run is: the pod's own when that is the place (runPlace). */
  private async onRunTarget<T>(fn: (t: Target) => Promise<T>): Promise<T> {
    const here: RunPlace = this.snap.local ? { local: true } : { local: false, host: this.snap.host };
    if (samePlace(here, runPlace(this.project))) return fn(await this.ensureTarget());
    const t = await openRunTarget(this.project, this.connectOptions());
    try {
      return await fn(t);
    } finally {
      await t.close();
    }
  }

  async reloadProject(): Promise<void> {
    const r = await loadProject(this.dir);
    if (r.ok) this.project = r.project;
  }

  connect(): Promise<unknown> {
    return this.run('connecting', async () => {
      const t = await this.ensureTarget();
      // A run elsewhere that cannot be reached now stays "state unknown"; the pod's doctor still runs.
      await this.refreshJob().catch(() => {});
      return this.runDoctorOn(t);
    });
  }

  private async runDoctorOn(t: Target): Promise<DoctorReport> {
    this.set({ busy: 'doctor' });
    const report = await doctorFor(t, this.project, this.env, this.dir, this.abort.signal);
    this.set({ doctor: report });
    this.project = await recordDoctor(this.dir, report);
    return report;
  }

  doctor(): Promise<unknown> {
    return this.run('doctor', async () => this.runDoctorOn(await this.ensureTarget()));
  }

  upload(): Promise<unknown> {
    return this.run('upload', async () => {
      const t = await this.ensureTarget();
      this.set({ busy: 'upload', upload: null, uploadResult: null });
      const r = await uploadProject({ dir: this.dir, project: this.project, target: t, signal: this.abort.signal, onProgress: (p) => this.set({ upload: p }) });
      this.set({ uploadResult: r, notice: uploadSentText(r) });
      return r;
    });
  }

  train(stopPodWhenDone = false, force = false): Promise<unknown> {
    return this.run('train', async () => {
      const t = await this.ensureTarget();
      this.set({ busy: 'train', upload: null });
      const out = await trainProject({
        dir: this.dir,
        project: this.project,
        target: t,
        env: this.env,
        stopPodWhenDone,
        force,
        signal: this.abort.signal,
        onPhase: (p) => this.set({ trainPhase: p }),
        onProgress: (p) => this.set({ upload: p }),
      });
      await this.reloadProject();
      this.set({ doctor: out.doctor, job: jobFrom(this.project, { state: 'running', pid: out.launch.pid }), notice: trainHeadline(out, t.label) });
      return out;
    });
  }

  private async refreshJob(): Promise<void> {
    const job = this.project.job;
    if (!job) return;
    const state = await this.onRunTarget((t) => jobState(t, job));
    this.set({ job: jobFrom(this.project, state) });
  }

  refresh(): Promise<unknown> {
    return this.run('refresh', async () => {
      await this.reloadProject();
      await this.refreshJob();
    });
  }

  stop(): Promise<unknown> {
    return this.run('stop', async () => {
      const refusal = stopRefusal(this.project);
      if (refusal) throw new TargetError('failed', refusal);
      const r = await this.onRunTarget((target) => stopProjectRun({ dir: this.dir, project: this.project, target }));
      await this.reloadProject();
      await this.refreshJob();
      this.set({ notice: r.message });
    });
  }

  async dispose(): Promise<void> {
    this.abort.abort();
    this.answerHostKey(false);
    const t = this.target;
    this.target = null;
    await t?.close();
  }
}
