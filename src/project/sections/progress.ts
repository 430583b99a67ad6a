import { z } from 'zod';
import { STEP_IDS } from '../step-ids.js';

export { STEP_IDS, type StepId } from '../step-ids.js';

export const stepProgress = z
  .object({
    status: z.enum(['todo', 'attention', 'done']),
    at: z.string().optional(),
    summary: z.string().optional(),
  })
  .strict();
export type StepProgress = z.infer<typeof stepProgress>;

/** What each step last concluded, so the wizard reopens at the first unfinished one. */
export const progressSection = z.partialRecord(z.enum(STEP_IDS), stepProgress).default({});
export type ProgressSection = z.infer<typeof progressSection>;
