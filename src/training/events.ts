import { z } from 'zod';

/**
 * Typed events read from ai-toolkit's console output (reference/ai-toolkit.md §1).
 * Step numbers follow ai-toolkit: `count` is the bar's completed-step count (1-based, §1.3);
 * `step` on loss/checkpoint/nan events is the 0-based loop index k used in file names and
 * loss_log.db (§5), so checkpoint `_000000250` pairs with loss step 250.
 */
export const PHASES = ['loading', 'caching', 'training', 'sampling', 'saving'] as const;
export type Phase = (typeof PHASES)[number];

const jobEvent = z.strictObject({ type: z.literal('job'), name: z.string() });
/** The base model, from the config ai-toolkit echoes at start (§1.2 step 2). */
const modelEvent = z.strictObject({ type: z.literal('model'), name: z.string() });
const phaseEvent = z.strictObject({ type: z.literal('phase'), phase: z.enum(PHASES), detail: z.string().optional() });
const progressEvent = z.strictObject({
  type: z.literal('progress'),
  /** Completed steps as the bar shows them. */
  count: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Latest known loss and the 0-based step it belongs to. */
  loss: z.number().nullable(),
  lossStep: z.number().int().nullable(),
  lr: z.number().nullable(),
  /** Steps per second (tqdm's smoothed rate; `s/it` bars are inverted). */
  rate: z.number().nullable(),
  /** Seconds since this run (re)started, excluding paused sampling/saving time (§1.3). */
  elapsed: z.number().nullable(),
  eta: z.number().nullable(),
});
/** Exactly one per step: the loss of 0-based step `step`. */
const lossEvent = z.strictObject({ type: z.literal('loss'), step: z.number().int().nonnegative(), loss: z.number(), lr: z.number().nullable() });
const checkpointEvent = z.strictObject({
  type: z.literal('checkpoint'),
  /** 0-based step from the file name; for the final `<name>.safetensors`, the run's total. */
  step: z.number().int().nullable(),
  path: z.string(),
  final: z.boolean(),
});
const removedEvent = z.strictObject({ type: z.literal('removed'), path: z.string(), step: z.number().int().nullable() });
const oomEvent = z.strictObject({ type: z.literal('oom'), attempt: z.number().int(), of: z.number().int(), step: z.number().int().nullable() });
const nanEvent = z.strictObject({ type: z.literal('nan'), step: z.number().int().nullable(), text: z.string() });
const resumeEvent = z.strictObject({ type: z.literal('resume'), step: z.number().int().nullable(), path: z.string().nullable() });
const errorEvent = z.strictObject({ type: z.literal('error'), message: z.string(), traceback: z.array(z.string()) });
const stoppedEvent = z.strictObject({ type: z.literal('stopped') });
const finishedEvent = z.strictObject({
  type: z.literal('finished'),
  /** null when the log ends without a known exit code. */
  exitCode: z.number().int().nullable(),
  /** Where the verdict came from: the exit-code file of a launched run, or the log itself. */
  source: z.enum(['exit-code', 'log']),
});
const lineEvent = z.strictObject({ type: z.literal('line'), text: z.string() });
/** Something about the log file itself: a line cut at the length limit, the file truncated or deleted. */
export const LOG_ISSUES = ['line-cut', 'truncated', 'deleted', 'replaced'] as const;
const logEvent = z.strictObject({ type: z.literal('log'), issue: z.enum(LOG_ISSUES), message: z.string() });

export const trainingEventSchema = z.discriminatedUnion('type', [
  jobEvent,
  modelEvent,
  phaseEvent,
  progressEvent,
  lossEvent,
  checkpointEvent,
  removedEvent,
  oomEvent,
  nanEvent,
  resumeEvent,
  errorEvent,
  stoppedEvent,
  finishedEvent,
  lineEvent,
  logEvent,
]);
export type TrainingEvent = z.infer<typeof trainingEventSchema>;
export type ProgressEvent = z.infer<typeof progressEvent>;
export type LossEvent = z.infer<typeof lossEvent>;
export type CheckpointEvent = z.infer<typeof checkpointEvent>;
export type ErrorEvent = z.infer<typeof errorEvent>;
export type LogEvent = z.infer<typeof logEvent>;
