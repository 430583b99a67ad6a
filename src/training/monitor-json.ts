import { z } from 'zod';
import { trainingEventSchema } from './events.js';
import { redFlagSchema } from './red-flags.js';
import { RUN_STATUSES } from './run-model.js';

/**
 * One line of `lorapilot monitor --json`: a training event as the parser typed it, a red flag, where
 * a resumed monitor attached, or how loss_log.db refined the stream. Strict: a key added or dropped
 * anywhere is a change of the format, and the test that parses the command's output says so.
 */
const flagLine = z.strictObject({ type: z.literal('flag'), ...redFlagSchema.shape });
const attachedLine = z.strictObject({
  type: z.literal('attached'),
  offset: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  total: z.number().int().nullable(),
  status: z.enum(RUN_STATUSES),
});
const reconciledLine = z.strictObject({
  type: z.literal('reconciled'),
  replaced: z.number().int().nonnegative(),
  appended: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  mismatches: z.number().int().nonnegative(),
});

export const monitorJsonLineSchema = z.discriminatedUnion('type', [...trainingEventSchema.options, flagLine, attachedLine, reconciledLine]);
export type MonitorJsonLine = z.infer<typeof monitorJsonLineSchema>;
