import { z } from 'zod';

/** One thing a check found. Rule ids are stable (`image.too-small`); scripts may rely on them. */
export const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  /** Files concerned, relative to the dataset root (POSIX separators). Empty for dataset-wide findings. */
  files: z.array(z.string()),
  /** One line: what is wrong. */
  message: z.string(),
  /** One line: what to do about it. */
  fix: z.string(),
  /** Rule-specific figures (sizes, counts) for --json consumers. */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type Finding = z.infer<typeof findingSchema>;

const ORDER = { error: 0, warning: 1, info: 2 } as const;

export function bySeverity(a: Finding, b: Finding): number {
  return ORDER[a.severity] - ORDER[b.severity] || a.rule.localeCompare(b.rule) || (a.files[0] ?? '').localeCompare(b.files[0] ?? '');
}
