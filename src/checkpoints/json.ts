import { z } from 'zod';
import { findingSchema } from '../dataset/finding.js';
import type { CheckpointIndex } from './index-types.js';
import { MODEL_FAMILIES } from './model-family.js';
import { CRITERIA, type CriterionId } from './scoring.js';

/** The `--json` output of every `lorapilot checkpoints` subcommand: stable shapes for scripts. */

const strictFinding = findingSchema.strict();

/** `list --json`: one checkpoint. */
export const checkpointJsonSchema = z.strictObject({
  step: z.number().int().nullable(),
  file: z.string(),
  final: z.boolean(),
  stepSource: z.enum(['name', 'header', 'samples', 'config']).nullable(),
  headerStep: z.number().int().nullable(),
  epoch: z.number().int().nullable(),
  loss: z.number().nullable(),
  size: z.number().int(),
  where: z.enum(['pod', 'local', 'both', 'partial', 'differs']),
  remotePath: z.string().nullable(),
  localPath: z.string().nullable(),
  localBytes: z.number().int(),
  header: z.enum(['ok', 'bad', 'unread']),
  marked: z.boolean(),
  chosen: z.boolean(),
  samples: z.array(z.strictObject({ file: z.string(), prompt: z.number().int(), size: z.number().int() })),
});

export const checkpointListJsonSchema = z.strictObject({
  ok: z.boolean(),
  host: z.string(),
  folder: z.string(),
  job: z.string(),
  promptCount: z.number().int(),
  prompts: z.array(z.string()),
  checkpoints: z.array(checkpointJsonSchema),
  findings: z.array(strictFinding),
});
export type CheckpointListJson = z.infer<typeof checkpointListJsonSchema>;

/** Any subcommand that could not reach the checkpoints or write what it was asked to. */
export const checkpointsFailureJsonSchema = z.strictObject({ ok: z.literal(false), message: z.string(), fix: z.string().optional() });
export type CheckpointsFailureJson = z.infer<typeof checkpointsFailureJsonSchema>;

/** The project file could not be read (any subcommand). */
export const projectFailureJsonSchema = z.strictObject({
  ok: z.literal(false),
  file: z.string(),
  problems: z.array(z.strictObject({ line: z.number().int(), column: z.number().int(), path: z.string(), message: z.string() })),
});
export type ProjectFailureJson = z.infer<typeof projectFailureJsonSchema>;

export const downloadOutcomeJsonSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('downloaded'), file: z.string(), path: z.string(), bytes: z.number().int(), resumedFrom: z.number().int(), seconds: z.number(), replaced: z.boolean() }),
  z.strictObject({ status: z.literal('already'), file: z.string(), path: z.string(), bytes: z.number().int() }),
  z.strictObject({ status: z.literal('conflict'), file: z.string(), path: z.string(), message: z.string() }),
  z.strictObject({ status: z.literal('failed'), file: z.string(), message: z.string(), partialBytes: z.number().int(), retry: z.boolean() }),
  z.strictObject({ status: z.literal('cancelled'), file: z.string(), partialBytes: z.number().int() }),
]);

/** `download --json`. */
export const downloadJsonSchema = z.strictObject({ ok: z.boolean(), results: z.array(downloadOutcomeJsonSchema) });
export type DownloadJson = z.infer<typeof downloadJsonSchema>;

/** `mark --json`: the marked steps after the change. */
export const markJsonSchema = z.strictObject({ ok: z.literal(true), marked: z.array(z.number().int()) });
export type MarkJson = z.infer<typeof markJsonSchema>;

/** `choose --json`: the recorded choice. */
export const chooseJsonSchema = z.strictObject({
  ok: z.literal(true),
  chosen: z.strictObject({ step: z.number().int(), note: z.string(), at: z.string() }).optional(),
});
export type ChooseJson = z.infer<typeof chooseJsonSchema>;

const scoreValue = z.number().int().min(1).max(5);

/** `score --json`: the checklist and the ranking. */
export const scoreJsonSchema = z.strictObject({
  ok: z.literal(true),
  criteria: z.array(z.strictObject({ id: z.enum(CRITERIA.map((c) => c.id) as [CriterionId, ...CriterionId[]]), label: z.string() })),
  ranking: z.array(
    z.strictObject({
      step: z.number().int(),
      scores: z.strictObject({ face: scoreValue.optional(), skin: scoreValue.optional(), prompt: scoreValue.optional() }),
      mean: z.number().nullable(),
      complete: z.boolean(),
      rank: z.number().int().nullable(),
    }),
  ),
});
export type ScoreJson = z.infer<typeof scoreJsonSchema>;

/** `plan --json`: where the plan went and what it tests. */
export const planJsonSchema = z.strictObject({
  ok: z.literal(true),
  folder: z.string(),
  family: z.enum(MODEL_FAMILIES),
  checkpoints: z.array(z.strictObject({ step: z.number().int(), file: z.string(), loraName: z.string() })),
  runs: z.number().int(),
  assumptions: z.array(z.string()),
});
export type PlanJson = z.infer<typeof planJsonSchema>;

export function indexToJson(index: CheckpointIndex, host: string): CheckpointListJson {
  return {
    ok: !index.findings.some((f) => f.severity === 'error'),
    host,
    folder: index.folder,
    job: index.jobName,
    promptCount: index.promptCount,
    prompts: index.prompts,
    checkpoints: index.checkpoints.map((c) => ({
      step: c.step,
      file: c.file,
      final: c.final,
      stepSource: c.stepSource,
      headerStep: c.headerStep,
      epoch: c.epoch,
      loss: c.loss,
      size: c.size,
      where: c.where,
      remotePath: c.remotePath,
      localPath: c.localPath,
      localBytes: c.localBytes,
      header: c.header,
      marked: c.marked,
      chosen: c.chosen,
      samples: c.samples.map((s) => ({ file: s.file, prompt: s.index, size: s.size })),
    })),
    findings: index.findings,
  };
}
