import { CAPTION_RULES, checkCaption, type CaptionInput } from '../dataset/rules/captions.js';
import type { Finding } from '../dataset/finding.js';

/**
 * Per-image caption status: the dataset's caption rules (the verdicts `lorapilot check` prints),
 * applied to one caption at a time so the Captions screen refreshes an image after each edit.
 */
export type CaptionProblem = Pick<Finding, 'rule' | 'severity' | 'message' | 'fix'>;

/** Rules the screen's filters group together. */
export const PROBLEM_GROUPS = {
  missing: [CAPTION_RULES.missing, CAPTION_RULES.empty, CAPTION_RULES.unreadable, CAPTION_RULES.notRegular] as string[],
  trigger: [CAPTION_RULES.triggerMissing, CAPTION_RULES.triggerNotFirst, CAPTION_RULES.placeholder] as string[],
};

export function captionProblems(input: CaptionInput): CaptionProblem[] {
  return checkCaption(input).map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, fix: f.fix }));
}

/** Worst severity among an image's problems, or 'ok'. */
export function worstSeverity(problems: readonly CaptionProblem[]): 'error' | 'warning' | 'info' | 'ok' {
  if (problems.some((p) => p.severity === 'error')) return 'error';
  if (problems.some((p) => p.severity === 'warning')) return 'warning';
  return problems.length ? 'info' : 'ok';
}
