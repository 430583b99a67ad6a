import type { Project } from '../project/index.js';
import { LocalTarget } from '../remote/local-target.js';
import type { Target } from '../remote/target.js';
import { checkLogFile } from './log-file.js';
import { jobMonitorOptions, projectStepsPerEpoch, recordMonitorProgress, replayOutputFolder } from './job-options.js';
import { startMonitor, type MonitorCallbacks, type MonitorHandle, type MonitorOptions } from './monitor.js';
import { OffsetSaver } from './offset-saver.js';
import type { RunSnapshot } from './run-model.js';
import { runWord, type RunWordOptions } from './run-word.js';

/**
 * The two things a face watches, set up the same way for the command and the screen: a replayed log
 * file, or the project's launched run with its offset and verdict kept in lorapilot.yaml.
 */
export interface WatchReplayOptions extends MonitorCallbacks {
  file: string;
  follow?: MonitorOptions['follow'];
  /** --epoch-steps; else the project's step math, when there is a project. */
  epochSteps?: number | null;
  project?: Project | null;
}

export async function watchReplay(o: WatchReplayOptions): Promise<MonitorHandle> {
  const { file, follow, epochSteps, project, ...callbacks } = o;
  const checked = await checkLogFile(file);
  if (!checked.ok) throw new Error(checked.message ?? 'cannot read the log');
  const output = await replayOutputFolder(file);
  return startMonitor({
    ...callbacks,
    target: new LocalTarget(),
    log: file,
    from: 0,
    follow: follow ?? 'auto',
    output,
    sampleCache: null,
    stepsPerEpoch: epochSteps ?? projectStepsPerEpoch(project ?? null),
  });
}

export interface WatchJobOptions extends MonitorCallbacks {
  dir: string;
  project: Project;
  target: Target;
  /** Read the log from byte 0 instead of restoring the run so far from the local snapshot. */
  fromStart?: boolean;
  epochSteps?: number | null;
  /** The run's verdict, or where it stood when watching stopped, is in the project file now. */
  onRecorded?: () => void;
  /** For notification targets and the RunPod key (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The run has ended and the pod is stopped through the API after a grace period (aborting `signal` skips it). */
  onPodStopWait?: RunWordOptions['onStopWait'];
}

/**
 * Follow the project's run until it ends or the signal aborts. The offset is saved as the log is
 * read; the verdict is recorded the moment the run ends (the wizard's step marks follow it), and
 * where the run stands when watching stops before that (once anything of it was read). `done`
 * resolves after those writes.
 */
export async function watchJob(o: WatchJobOptions): Promise<MonitorHandle> {
  const { dir, project, target, fromStart, epochSteps, onRecorded, env, onPodStopWait, ...callbacks } = o;
  const word = runWord({ dir, project, env: env ?? process.env, signal: callbacks.signal, onStopWait: onPodStopWait });
  const job = project.job;
  if (!job) throw new Error('no training run recorded in this project');
  const base = await jobMonitorOptions(dir, project, target);
  const saver = new OffsetSaver(dir, job.offset);
  let recorded: Promise<void> | null = null;
  const record = (snap: RunSnapshot): Promise<void> =>
    (recorded ??= saver
      .flush(snap.offset)
      .then(() => saver.queue(() => recordMonitorProgress(dir, snap)))
      .then(() => onRecorded?.()));
  const h = startMonitor({
    ...base,
    ...callbacks,
    snapshot: fromStart ? undefined : base.snapshot,
    follow: true,
    stepsPerEpoch: epochSteps ?? base.stepsPerEpoch,
    onEvent: (e, model) => {
      callbacks.onEvent?.(e, model);
      word.onEvent(e);
      if (e.type === 'finished') void record(model.snapshot());
    },
    onFlag: (f, model) => {
      callbacks.onFlag?.(f, model);
      word.onFlag(f);
    },
    onOffset: (offset) => {
      callbacks.onOffset?.(offset);
      saver.offer(offset);
    },
  });
  const done = h.done.then(async (snap) => {
    // stopped before a byte of the run was read: nothing new to say about it
    if (snap.status !== 'starting') await record(snap);
    await saver.flush(snap.offset);
    await word.settled();
    return snap;
  });
  return { model: h.model, done };
}
