import { z } from 'zod';

export const STEP_IDS = ['dataset', 'captions', 'config', 'pod', 'monitor', 'checkpoints'] as const;
export type StepId = (typeof STEP_IDS)[number];

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
