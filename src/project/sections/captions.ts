import { z } from 'zod';

export const captionsSection = z
  .object({
    /** Extra tags that describe the character's fixed features, removed by `prune-identity`. */
    identityTags: z.array(z.string()).default([]),
    /** The WD14 tagger used by `captions tag` and the Captions screen (remembered from `--model`). */
    tagger: z
      .object({
        /** Folder holding model.onnx and selected_tags.csv, relative to the project or absolute. */
        model: z.string().min(1),
        general: z.number().min(0).max(1).optional(),
        character: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type CaptionsSection = z.infer<typeof captionsSection>;
