import { z } from 'zod';
import { findingSchema } from '../dataset/finding.js';
import type { LintResult } from './lint.js';
import { countFindings } from './lint-text.js';

/** What `lorapilot config lint --json` prints, for scripts and other steps. */

/** The Finding shape plus where it is in the file. */
export const configFindingSchema = findingSchema.extend({
  file: z.string(),
  line: z.number().int().nonnegative(),
  column: z.number().int().nonnegative(),
  /** Dotted key path in the file, e.g. `config.process.0.train.lr`. */
  path: z.string(),
});

/** The same, refusing keys it does not name: the shape scripts can rely on. */
export const configFindingJsonSchema = configFindingSchema.strict();

export const lintOutputSchema = z.strictObject({
  file: z.string(),
  format: z.enum(['yaml', 'json']),
  findings: z.array(configFindingJsonSchema),
  counts: z.strictObject({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  math: z.strictObject({ imagesPerEpoch: z.number(), stepsPerEpoch: z.number(), totalSteps: z.number(), epochs: z.number() }).optional(),
  /** Linting the project's own file: does it match what lorapilot would write now? */
  upToDate: z.boolean().nullable(),
});
export type LintOutput = z.infer<typeof lintOutputSchema>;

export function lintJson(result: LintResult, upToDate: boolean | null): LintOutput {
  return {
    file: result.file,
    format: result.format,
    findings: result.findings,
    counts: countFindings(result.findings),
    ...(result.math ? { math: result.math } : {}),
    upToDate,
  };
}
