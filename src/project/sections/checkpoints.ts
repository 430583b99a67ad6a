import { z } from 'zod';
import { BOUNDS } from '../../text/bounds.js';

export const checkpointsSection = z
  .object({
    marked: z.array(z.number().int().nonnegative()).default([]),
    chosen: z
      .object({ step: z.number().int().nonnegative(), note: z.string().default(''), at: z.string() })
      .strict()
      .optional(),
    /** Scores from the testing checklist: step → criterion → 1..5. */
    scores: z.record(z.string(), z.record(z.string(), z.number().int().min(BOUNDS.score.min).max(BOUNDS.score.max))).default({}),
  })
  .strict();
export type CheckpointsSection = z.infer<typeof checkpointsSection>;
