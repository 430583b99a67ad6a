import { z } from 'zod';
import { projectSchema } from './schema.js';

/** `lorapilot init --json`: the project file written, and whether its dataset folder exists yet. */
export const initJsonSchema = z.strictObject({
  file: z.string(),
  project: projectSchema,
  /** The dataset folder, absolute. */
  dataset: z.string(),
  datasetExists: z.boolean(),
});
export type InitJson = z.infer<typeof initJsonSchema>;
