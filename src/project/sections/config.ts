import { z } from 'zod';

/** The user's config choices; the builder derives everything else from the dataset and the preset. */
export const configSection = z
  .object({
    preset: z.string().optional(),
    /** The written ai-toolkit config, relative to the project folder. */
    file: z.string().optional(),
    rank: z.number().int().positive().optional(),
    alpha: z.number().positive().optional(),
    lr: z.number().positive().optional(),
    epochs: z.number().positive().optional(),
    steps: z.number().int().positive().optional(),
    resolution: z.array(z.number().int().positive()).optional(),
    batchSize: z.number().int().positive().optional(),
    gradientAccumulation: z.number().int().positive().optional(),
    captionDropout: z.number().min(0).max(1).optional(),
    /** GPU memory the run is planned for (48 = the L40S the guide rents). */
    vram: z.union([z.literal(48), z.literal(24)]).optional(),
    /** Sample prompts; `[trigger]` stands for the trigger word. Default: the guide's test prompts. */
    prompts: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type ConfigSection = z.infer<typeof configSection>;

/** A tuning change applied from the advice rules, kept as history. */
export const tuningEntry = z
  .object({
    at: z.string(),
    symptom: z.string(),
    changes: z.record(z.string(), z.unknown()),
    note: z.string().optional(),
  })
  .strict();
export type TuningEntry = z.infer<typeof tuningEntry>;
