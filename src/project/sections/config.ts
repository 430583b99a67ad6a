import { z } from 'zod';
import { BOUNDS, boundText, type BoundName } from '../../text/bounds.js';

/** A number of lorapilot.yaml within the one bounds table, with the range in the message. */
function bounded(name: BoundName) {
  const b = BOUNDS[name];
  const message = `takes ${boundText(b)} (${b.what})`;
  const n = z.number({ error: message }).min(b.min, { error: message }).max(b.max, { error: message });
  return b.integer ? n.int({ error: message }) : n;
}

/** The user's config choices; the builder derives everything else from the dataset and the preset. */
export const configSection = z
  .object({
    preset: z.string().optional(),
    /** The written ai-toolkit config, relative to the project folder. */
    file: z.string().optional(),
    rank: bounded('rank').optional(),
    alpha: bounded('alpha').optional(),
    lr: bounded('lr').optional(),
    epochs: bounded('epochs').optional(),
    steps: bounded('steps').optional(),
    resolution: z.array(bounded('resolution')).min(1).max(8).optional(),
    batchSize: bounded('batchSize').optional(),
    gradientAccumulation: bounded('gradientAccumulation').optional(),
    captionDropout: bounded('captionDropout').optional(),
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
