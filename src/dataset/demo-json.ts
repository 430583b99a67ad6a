import { z } from 'zod';

/** `lorapilot demo --json`: where the demo is, and what was generated this time (nothing when it existed). */
export const demoJsonSchema = z.strictObject({
  dir: z.string(),
  created: z.boolean(),
  images: z.number().int(),
  planted: z.number().int(),
  /** The project file. */
  project: z.string(),
});
export type DemoJson = z.infer<typeof demoJsonSchema>;
