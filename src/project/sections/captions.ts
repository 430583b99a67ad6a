import { z } from 'zod';

export const captionsSection = z
  .object({
    /** Extra tags that describe the character's fixed features, removed by `prune-identity`. */
    identityTags: z.array(z.string()).default([]),
  })
  .strict();
export type CaptionsSection = z.infer<typeof captionsSection>;
