import { sendNotice } from '../notify/send.js';
import { notifyTargets } from '../notify/targets.js';
import type { Notice } from '../notify/message.js';
import { stopProjectPod } from '../pod/pod-lifecycle.js';
import { runpodClient } from '../pod/runpod-session.js';
import type { Project } from '../project/index.js';
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

export function runWord(o: { dir: string; project: Project; env: NodeJS.ProcessEnv }): RunWord {
  const { project, env } = o;
  const targets = notifyTargets(project.notify, env);
  const title = `lorapilot: ${project.job?.name ?? project.name}`;
  const pending: Array<Promise<unknown>> = [];
  let ended = false;
  const send = (n: Notice) => {
    if (targets.length > 0) pending.push(sendNotice(targets, n));
  };
  const grace = Number(env.LORAPILOT_POD_STOP_GRACE ?? 20);
  return {
    onEvent(e) {
      const said = eventNotice(e);
      if (!said || e.type !== 'finished' || ended) return;
      ended = true;
      if (!project.job?.runnerNotifies) send({ event: e.exitCode === 0 ? 'finished' : 'failed', title, message: `${said} (exit code ${e.exitCode})` });
      const id = project.runpod?.podId;
      if (project.job?.stopPod && id) {
        pending.push(
          new Promise((r) => setTimeout(r, (Number.isFinite(grace) ? Math.max(0, grace) : 20) * 1000))
            .then(() => runpodClient(project, env))
            .then((client) => stopProjectPod(o.dir, client, id))
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
