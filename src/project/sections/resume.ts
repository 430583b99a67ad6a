import { z } from 'zod';
import { STEP_IDS } from '../step-ids.js';

/**
 * Where the person was when they left the wizard: the step, and each screen's selection (a finding, an
 * image, a checkpoint step) as the screen names it. The wizard reopens there.
 */
export const resumeSection = z
  .object({
    step: z.enum(STEP_IDS).optional(),
    selection: z.partialRecord(z.enum(STEP_IDS), z.string().max(4096)).default({}),
  })
  .strict();
export type ResumeSection = z.infer<typeof resumeSection>;
