import { compareText } from '../text/compare.js';
import { z } from 'zod';
import { plural } from '../text/format.js';

/** One thing a check found. Rule ids are stable (`image.too-small`); scripts may rely on them. */
export const findingSchema = z.strictObject({
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
  return ORDER[a.severity] - ORDER[b.severity] || compareText(a.rule, b.rule) || compareText(a.files[0] ?? '', b.files[0] ?? '');
}

export type SeverityCounts = Record<Finding['severity'], number>;

/** Errors, warnings and notes among findings (or anything with a severity): the one count every face shows. */
export function countBySeverity(items: Iterable<{ severity: Finding['severity'] }>): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const i of items) counts[i.severity]++;
  return counts;
}

/** "7 errors, 23 warnings, 4 notes". */
export function countsText(c: SeverityCounts): string {
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'note')}`;
}
