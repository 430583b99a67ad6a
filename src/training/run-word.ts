import { sendNotice } from '../notify/send.js';
import { notifyTargets } from '../notify/targets.js';
import type { Notice } from '../notify/message.js';
import { stopProjectPod } from '../pod/pod-lifecycle.js';
import { runpodClient } from '../pod/runpod-session.js';
import type { Project } from '../project/index.js';
import { stripAnsi } from '../text/sanitize.js';
import type { TrainingEvent } from './events.js';
import { eventNotice, flagNotice } from './notify.js';
import type { RedFlag } from './red-flags.js';

/**
 * What the monitor does beyond the terminal when a watched run ends or raises a red flag: word to the
 * user's ntfy topic or webhook, and — when the run was launched to — stopping its RunPod pod through the
 * API. The runner on the pod does both too (so a closed laptop still hears and stops paying): the monitor
 * sends the run's end only when the runner was given no targets, and stops the pod only after a grace
 * period (LORAPILOT_POD_STOP_GRACE seconds, default 20) if the runner's runpodctl has not already done it.
 * Nothing here throws: a failed send or stop must not end a watch.
 */
export interface RunWord {
  onEvent(e: TrainingEvent): void;
  onFlag(f: RedFlag): void;
  /** Resolves when every send and stop begun has finished. */
  settled(): Promise<void>;
}

export interface PodStopWait {
  podId: string;
  seconds: number;
}

export interface RunWordOptions {
  dir: string;
  project: Project;
  env: NodeJS.ProcessEnv;
  /** Aborting it during the grace period skips lorapilot's own stop (the runner on the pod still stops it). */
  signal?: AbortSignal;
  /** Told when the grace period begins, so a face can say why it is still open. */
  onStopWait?: (wait: PodStopWait) => void;
}

/** What a text face prints while it waits to stop the pod (its wait is skipped with Ctrl-C). */
export function stopWaitText(w: PodStopWait): string {
  return `The run has ended: waiting ${w.seconds} s to stop pod ${stripAnsi(w.podId)} through the RunPod API, in case its runner has not stopped it. Ctrl-C skips the wait (the runner on the pod still stops it).`;
}

export const STOP_WAIT_SKIPPED_TEXT = 'Skipped the wait: the runner on the pod stops it.';

/** Resolves true after `ms`, or false at once when the signal aborts first. */
function graceWait(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function runWord(o: RunWordOptions): RunWord {
  const { project, env } = o;
  const targets = notifyTargets(project.notify, env);
  const title = `lorapilot: ${project.job?.name ?? project.name}`;
  const pending: Array<Promise<unknown>> = [];
  let ended = false;
  const send = (n: Notice) => {
    if (targets.length > 0) pending.push(sendNotice(targets, n));
  };
  const graceEnv = Number(env.LORAPILOT_POD_STOP_GRACE ?? 20);
  const grace = Number.isFinite(graceEnv) ? Math.max(0, graceEnv) : 20;
  return {
    onEvent(e) {
      const said = eventNotice(e);
      if (!said || e.type !== 'finished' || ended) return;
      ended = true;
      if (!project.job?.runnerNotifies) send({ event: e.exitCode === 0 ? 'finished' : 'failed', title, message: `${said} (exit code ${e.exitCode})` });
      const id = project.runpod?.podId;
      if (project.job?.stopPod && id) {
        if (grace > 0 && !o.signal?.aborted) o.onStopWait?.({ podId: id, seconds: grace });
        pending.push(
          (grace > 0 ? graceWait(grace * 1000, o.signal) : Promise.resolve(true))
            .then(async (waited) => (waited ? stopProjectPod(o.dir, await runpodClient(project, env), id) : undefined))
            .catch(() => undefined),
        );
      }
    },
    onFlag(f) {
      const said = flagNotice(f);
      if (said && (project.notify?.redFlags ?? true)) send({ event: 'red-flag', title, message: said });
    },
    settled: () => Promise.allSettled(pending).then(() => undefined),
  };
}
