import { z } from 'zod';
import { findingSchema } from '../dataset/finding.js';
import type { CheckpointIndex } from './checkpoint-index.js';

/** `lorapilot checkpoints list --json`: a stable shape for scripts. */
export const checkpointJsonSchema = z.object({
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
  samples: z.array(z.object({ file: z.string(), prompt: z.number().int(), size: z.number().int() })),
});

export const checkpointListJsonSchema = z.object({
  ok: z.boolean(),
  host: z.string(),
  folder: z.string(),
  job: z.string(),
  promptCount: z.number().int(),
  prompts: z.array(z.string()),
  checkpoints: z.array(checkpointJsonSchema),
  findings: z.array(findingSchema),
});
export type CheckpointListJson = z.infer<typeof checkpointListJsonSchema>;

export function indexToJson(index: CheckpointIndex, host: string): CheckpointListJson {
  return checkpointListJsonSchema.parse({
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
  });
}
