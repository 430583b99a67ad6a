import { z } from 'zod';
import { updateProject, type Project } from '../project/index.js';
import type { Target } from '../remote/target.js';
import { stopRun, type StopResult } from './job.js';
import { jobRun } from './pod-service.js';

/**
 * Stopping the project's run, for `lorapilot stop`, the Monitor screen and the Pod screen alike: the signal,
 * the wait, what is recorded in lorapilot.yaml and every sentence the user reads about it.
 */

/** ai-toolkit saves nothing on SIGINT (reference/ai-toolkit.md §1.8); said wherever a stop is offered or done. */
export const NO_SAVE_WARNING = 'ai-toolkit does not save a checkpoint when stopped: the newest saved checkpoint is what you keep.';

/** The confirmation every face asks before a stop. */
export const STOP_QUESTION = 'Stop the training now?';

export const STOP_WAIT_SECONDS = 60;

/** How often "still running after N s" is said while waiting for the run to end. */
const WAITING_EVERY_SECONDS = 5;

export const NO_RUN_TO_STOP = 'no training run to stop';

export interface StopOutcome extends StopResult {
  /** What happened, in the words every face shows. */
  message: string;
}

export const stopJson = z.strictObject({
  ok: z.boolean(),
  outcome: z.enum(['stopped', 'already-ended', 'still-running', 'vanished']),
  exitCode: z.number().int().nullable(),
  warning: z.string(),
});
export type StopJson = z.infer<typeof stopJson>;

export function stopJsonOf(r: StopOutcome): StopJson {
  return { ok: r.outcome !== 'still-running', outcome: r.outcome, exitCode: r.exitCode, warning: NO_SAVE_WARNING };
}

/** The line said as the stop begins. */
export function stoppingText(project: Project, target: Target, force = false): string {
  const name = project.job?.name ?? project.name;
  return `Stopping ${name} on ${target.label} (${force ? 'SIGKILL' : 'SIGINT'})…${force ? '' : ` ${NO_SAVE_WARNING}`}`;
}

export function stopMessage(r: StopResult, waitSeconds = STOP_WAIT_SECONDS): string {
  switch (r.outcome) {
    case 'stopped':
      return `Stopped: ai-toolkit exited with code ${r.exitCode}. ${NO_SAVE_WARNING}`;
    case 'already-ended':
      return `The run had already ended (exit code ${r.exitCode}).`;
    case 'vanished':
      return 'The run is not running and left no exit code (killed, or the pod restarted).';
    case 'still-running':
      return `Still running after ${waitSeconds} s (it may be saving or sampling). Try again, or lorapilot stop --force.`;
  }
}

/** What the Monitor step records when the run ended by a stop; null when nothing is to be recorded. */
export function stopSummary(r: StopResult): string | null {
  if (r.outcome === 'stopped') return 'training stopped by the user';
  if (r.outcome === 'already-ended') return `training ended (exit ${r.exitCode})`;
  return null;
}

/**
 * SIGINT (or SIGKILL with `force`) to the project's recorded run on `target`, wait up to `waitSeconds` for it
 * to end, and record the outcome. Throws a plain Error with NO_RUN_TO_STOP when the project has no run.
 */
export async function stopProjectRun(o: {
  dir: string;
  project: Project;
  target: Target;
  waitSeconds?: number;
  force?: boolean;
  /** Called every few seconds while the run has not ended yet, with the sentence to show. */
  onWaiting?: (text: string) => void;
}): Promise<StopOutcome> {
  const job = o.project.job;
  if (!job) throw new Error(NO_RUN_TO_STOP);
  const waitSeconds = o.waitSeconds ?? STOP_WAIT_SECONDS;
  let said = 0;
  const r = await stopRun(o.target, jobRun(job), {
    waitMs: waitSeconds * 1000,
    force: o.force,
    onWaiting: (ms) => {
      const n = Math.floor(ms / 1000 / WAITING_EVERY_SECONDS);
      if (n <= said) return;
      said = n;
      o.onWaiting?.(`still running after ${n * WAITING_EVERY_SECONDS} s…`);
    },
  });
  const summary = stopSummary(r);
  if (summary) {
    await updateProject(o.dir, (p) => {
      p.progress.monitor = { status: 'attention', at: new Date().toISOString(), summary };
    });
  }
  return { ...r, message: stopMessage(r, waitSeconds) };
}

/** Why there is nothing to stop, or null when the project has a run. */
export function stopRefusal(project: Project): string | null {
  return project.job ? null : NO_RUN_TO_STOP;
}
