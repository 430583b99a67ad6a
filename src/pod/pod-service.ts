import { finishedRun } from './finished-run.js';
import { PreflightError, preflight } from './preflight.js';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { updateProject, type Project } from '../project/index.js';
import type { JobSection } from '../project/sections/job.js';
import { runDoctor, type DoctorReport } from './doctor.js';
import { findPython, launchRun, liveRuns, runFiles, runState, type LaunchResult, type RunFiles, type RunState } from './job.js';
import { remoteLayout, type RemoteLayout } from '../project/pod-layout.js';
import { LocalTarget } from '../remote/local-target.js';
import { configForTarget, type RemoteConfig } from './remote-config.js';
import { SshTarget, type ConnectionState, type SshOptions } from '../remote/ssh-target.js';
import { syncDataset, type SyncProgress, type SyncResult } from './sync.js';
import { TargetError, type Target } from '../remote/target.js';
import { notifyTargets } from '../notify/targets.js';
import { runnerSpec } from '../notify/runner-spec.js';
import { stopWhenDone } from './stop-when-done.js';

/**
 * The pod capability as plain functions over a project: the commands (`pod`, `train`, `attach`, `stop`)
 * and the Pod screen both call these, so each rule lives once.
 */

export interface ConnectOptions extends Pick<SshOptions, 'identity' | 'acceptNew' | 'env' | 'askPassphrase' | 'confirmHostKey'> {
  /** Overrides pod.host: a ~/.ssh/config alias or user@host:port. */
  host?: string;
  onState?: (s: ConnectionState) => void;
}

export function isLocal(project: Project, host?: string): boolean {
  return !host && project.pod?.target === 'local';
}

/** A connected target for the project. Throws TargetError (code + hint) when it cannot connect. */
export async function openTarget(project: Project, opts: ConnectOptions = {}): Promise<Target> {
  if (isLocal(project, opts.host)) return new LocalTarget();
  const host = opts.host ?? project.pod?.host;
  if (!host) throw new TargetError('unreachable', 'no pod host yet', 'give one: lorapilot pod doctor root@<pod-ip>:<port> (or a ~/.ssh/config alias)');
  const t = new SshTarget({
    spec: host,
    identity: opts.identity ?? project.pod?.identity,
    acceptNew: opts.acceptNew,
    env: opts.env,
    askPassphrase: opts.askPassphrase,
    confirmHostKey: opts.confirmHostKey,
  });
  if (opts.onState) t.onState(opts.onState);
  await t.connect();
  return t;
}

export function projectRoot(project: Project): string {
  return project.pod?.root ?? '/workspace/lorapilot';
}

export function projectLayout(project: Project): RemoteLayout {
  return remoteLayout(projectRoot(project), project.name);
}

export function datasetDir(dir: string, project: Project): string {
  return isAbsolute(project.dataset) ? project.dataset : join(dir, project.dataset);
}

/** The project's ai-toolkit config, rewritten for the target. */
export async function targetConfig(dir: string, project: Project): Promise<RemoteConfig & { file: string }> {
  const candidates = [project.config.file, 'config.yaml', 'ai-toolkit.yaml', 'train.yaml'].filter((f): f is string => !!f).map((f) => resolve(dir, f));
  for (const file of candidates) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    return { ...configForTarget(text, { projectDir: dir, datasetDir: datasetDir(dir, project), layout: projectLayout(project) }), file };
  }
  throw new TargetError('not-found', 'the project has no ai-toolkit config yet', 'write it first: lorapilot config');
}

export function isRehearsal(project: Project): boolean {
  return project.job?.rehearsal === true || project.demo === true;
}

export async function doctorFor(target: Target, project: Project, env: NodeJS.ProcessEnv, dir?: string, signal?: AbortSignal): Promise<DoctorReport> {
  const model = dir ? await targetConfig(dir, project).then((c) => c.model, () => null) : null;
  return runDoctor(target, { aiToolkit: project.pod?.aiToolkit, model, localHfToken: !!env.HF_TOKEN, rehearsal: isRehearsal(project), stopPodWhenDone: project.pod?.stopPodWhenDone }, signal);
}

export async function uploadProject(o: { dir: string; project: Project; target: Target; delete?: boolean; signal?: AbortSignal; onProgress?: (p: SyncProgress) => void }): Promise<SyncResult & { config: RemoteConfig }> {
  const cfg = await targetConfig(o.dir, o.project);
  const r = await syncDataset({
    target: o.target,
    datasetDir: datasetDir(o.dir, o.project),
    root: projectRoot(o.project),
    project: o.project.name,
    config: cfg.text,
    delete: o.delete,
    signal: o.signal,
    onProgress: o.onProgress,
  });
  return { ...r, config: cfg };
}

export type TrainPhase = 'checking' | 'uploading' | 'launching' | 'launched';

export interface TrainOutcome {
  launch: LaunchResult;
  upload: SyncResult;
  doctor: DoctorReport;
  job: JobSection;
  /** The pod stops when the run ends (the runner with runpodctl, lorapilot through the API). */
  stopPodWhenDone: boolean;
}

/**
 * Check, upload, launch and record. Refuses when the doctor finds a blocker (no ai-toolkit, no detach tool,
 * no GPU for a real run, gated model without a token) — a failed launch on a paid pod costs money.
 */
export async function trainProject(o: {
  dir: string;
  project: Project;
  target: Target;
  env: NodeJS.ProcessEnv;
  stopPodWhenDone?: boolean;
  /** Launch even when the pre-flight finds dataset or config errors. */
  force?: boolean;
  signal?: AbortSignal;
  onPhase?: (p: TrainPhase) => void;
  onProgress?: (p: SyncProgress) => void;
}): Promise<TrainOutcome> {
  const { target, project } = o;
  o.onPhase?.('checking');
  const live = await liveRuns(target, projectLayout(project));
  if (live.length > 0) {
    throw new TargetError('failed', `a run of this project is still training (run ${live[0].run.id}, pid ${live[0].pid})`, 'watch it with lorapilot attach, or stop it with lorapilot stop');
  }
  if (!o.force) {
    const problems = await preflight(o.dir, project);
    if (problems.length > 0) throw new PreflightError(problems);
  }
  const stopPod = await stopWhenDone(project, o.env, o.stopPodWhenDone);
  const doctor = await doctorFor(target, { ...project, pod: { ...(project.pod ?? { target: 'ssh', root: '/workspace/lorapilot', stopPodWhenDone: false }), stopPodWhenDone: stopPod } }, o.env, o.dir, o.signal);
  const blockers = doctor.checks.filter((c) => c.status === 'fail');
  if (blockers.length > 0) {
    const b = blockers[0];
    throw new TargetError('failed', `${b.label}: ${b.detail}`, b.fix);
  }
  const aiToolkit = doctor.aiToolkit ?? project.pod?.aiToolkit;
  if (!aiToolkit) throw new TargetError('not-found', 'ai-toolkit not found on the target', 'lorapilot pod setup');
  o.onPhase?.('uploading');
  const upload = await uploadProject({ dir: o.dir, project, target, signal: o.signal, onProgress: o.onProgress });
  if (!upload.config.jobName) throw new TargetError('failed', 'the config has no config.name', 'write the config again: lorapilot config');
  if (!o.force) {
    const done = await finishedRun(target, projectLayout(project).trainingFolder, upload.config.jobName, upload.config.steps);
    if (done) {
      throw new TargetError(
        'failed',
        `${upload.config.jobName} already ran to its end on ${target.label}${done.finalStep !== null ? ` (final checkpoint at step ${done.finalStep})` : ''}: ai-toolkit would resume from it and stop at once`,
        'raise the steps to train further (lorapilot config build --steps N), or give the run a new name (config.name) — or launch anyway (--force)',
      );
    }
  }
  o.onPhase?.('launching');
  const layout = projectLayout(project);
  const notifySpec = runnerSpec(notifyTargets(project.notify, o.env), upload.config.jobName);
  const python = doctor.python && doctor.python.includes(aiToolkit) ? doctor.python : await findPython(target, aiToolkit);
  const launch = await launchRun({
    target,
    layout,
    aiToolkit,
    python,
    config: layout.config,
    jobName: upload.config.jobName,
    hfToken: o.env.HF_TOKEN,
    stopPodWhenDone: stopPod,
    notifySpec,
  });
  const job: JobSection = {
    host: target.label,
    folder: launch.run.dir,
    name: upload.config.jobName,
    config: layout.config,
    log: launch.run.log,
    pid: launch.pid,
    offset: 0,
    output: launch.output,
    startedAt: new Date().toISOString(),
    rehearsal: isRehearsal(project),
    ...(stopPod ? { stopPod: true } : {}),
    ...(notifySpec ? { runnerNotifies: true } : {}),
  };
  await updateProject(o.dir, (p) => {
    p.job = job;
    if (target.kind === 'ssh') p.pod = { ...(p.pod ?? { target: 'ssh', root: '/workspace/lorapilot', stopPodWhenDone: false }), host: p.pod?.host ?? project.pod?.host ?? target.label };
    p.progress.pod = { status: 'done', at: job.startedAt, summary: `${isRehearsal(project) ? 'rehearsal ' : ''}training launched on ${target.label}` };
  });
  o.onPhase?.('launched');
  return { launch, upload, doctor, job, stopPodWhenDone: stopPod };
}

/** The run's id: the last part of its folder (`runs/20261124-213259`). */
export function runIdOf(job: Pick<JobSection, 'folder'>): string {
  return job.folder.split('/').filter(Boolean).pop() ?? '';
}

/** The run files of the project's recorded job. */
export function jobRun(job: JobSection): RunFiles {
  const id = runIdOf(job);
  const dir = job.folder;
  return { ...runFiles({ base: '', dataset: '', manifest: '', config: '', trainingFolder: '', runs: dir.slice(0, dir.length - id.length - 1) || '/' }, id), log: job.log };
}

export async function jobState(target: Target, job: JobSection): Promise<RunState> {
  return runState(target, jobRun(job));
}

/** Store how far the log has been read (atomic project write). */
export async function saveOffset(dir: string, offset: number): Promise<void> {
  await updateProject(dir, (p) => {
    if (p.job && p.job.offset !== offset) p.job.offset = offset;
  });
}

export function describeState(s: ConnectionState): string {
  switch (s.state) {
    case 'connecting':
      return 'connecting…';
    case 'connected':
      return 'connected';
    case 'reconnecting':
      return `connection lost (${s.reason}); reconnecting in ${Math.round(s.inMs / 1000)} s (attempt ${s.attempt})`;
    case 'lost':
      return `connection lost: ${s.reason}`;
    case 'closed':
      return 'disconnected';
  }
}
