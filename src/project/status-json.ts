import { z } from 'zod';
import { projectSchema } from './schema.js';
import { STEP_IDS } from './sections/progress.js';

/** `lorapilot status --json`: the project as loaded, its six steps and where the wizard resumes. */
const problemJson = z.strictObject({ line: z.number().int(), column: z.number().int(), path: z.string(), message: z.string() });

export const stepRowJson = z.strictObject({
  id: z.enum(STEP_IDS),
  number: z.number().int().min(1).max(STEP_IDS.length),
  title: z.string(),
  state: z.enum(['todo', 'attention', 'done']),
  summary: z.string(),
});

export const statusJsonSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), file: z.string(), project: projectSchema, steps: z.array(stepRowJson), resume: z.enum(STEP_IDS) }),
  z.strictObject({ ok: z.literal(false), file: z.string(), problems: z.array(problemJson) }),
]);
export type StatusJson = z.infer<typeof statusJsonSchema>;
