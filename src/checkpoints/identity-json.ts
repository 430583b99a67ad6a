import { z } from 'zod';

/** `lorapilot checkpoints faces --json` and `checkpoints score-images DIR --json`. */
const consistency = {
  samples: z.number().int(),
  withFace: z.number().int(),
  matching: z.number().int(),
  consistency: z.number().nullable(),
  meanDistance: z.number().nullable(),
};
const judged = {
  file: z.string(),
  step: z.number().int(),
  prompt: z.number().int(),
  faces: z.number().int(),
  distance: z.number().nullable(),
  verdict: z.enum(['same', 'different', 'no-face']),
  memorised: z.strictObject({ image: z.string(), distance: z.number(), hashBits: z.number().int() }).nullable(),
  error: z.string().optional(),
};
const identity = { threshold: z.number(), target: z.number(), trainingImages: z.number().int() };

export const facesJsonSchema = z.strictObject({
  ok: z.literal(true),
  ...identity,
  samples: z.array(z.strictObject(judged)),
  steps: z.array(
    z.strictObject({
      step: z.number().int(),
      ...consistency,
      perPrompt: z.array(z.strictObject({ prompt: z.number().int(), ...consistency })),
      memorised: z.array(z.strictObject({ file: z.string(), image: z.string() })),
      drop: z.boolean(),
    }),
  ),
  ranking: z.array(z.strictObject({ step: z.number().int(), userMean: z.number().nullable(), consistency: z.number().nullable(), combined: z.number().nullable(), rank: z.number().int().nullable() })),
  userWeight: z.number(),
});
export type FacesJson = z.infer<typeof facesJsonSchema>;

export const scoreImagesJsonSchema = z.strictObject({
  ok: z.literal(true),
  ...identity,
  images: z.array(z.strictObject({ ...judged, strength: z.number(), seed: z.number().int() })),
  unrecognised: z.array(z.string()),
  checkpoints: z.array(
    z.strictObject({
      step: z.number().int(),
      strengths: z.array(z.strictObject({ strength: z.number(), ...consistency })),
      sweetSpot: z.number().nullable(),
      dropsAt: z.number().nullable(),
    }),
  ),
});
export type ScoreImagesJson = z.infer<typeof scoreImagesJsonSchema>;

export const identityFailureJsonSchema = z.strictObject({ ok: z.literal(false), message: z.string(), fix: z.string() });
export type IdentityFailureJson = z.infer<typeof identityFailureJsonSchema>;
