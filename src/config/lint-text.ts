import { epochsText } from '../text/epochs.js';
import { formatCount, plural } from '../text/format.js';
import { glyph } from '../text/glyphs.js';
import type { ConfigFinding, LintEpochMath } from './lint.js';

/** The words for lint findings, the same on every face. */

export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
}

export function countFindings(findings: readonly Pick<ConfigFinding, 'severity'>[]): FindingCounts {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** "no findings", or "1 error, 2 warnings, 0 notes". */
export function findingsVerdict(findings: readonly Pick<ConfigFinding, 'severity'>[]): string {
  if (findings.length === 0) return 'no findings';
  const c = countFindings(findings);
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'note')}`;
}

/** "✖ error config.unknown-key": the glyph says the severity without colour. */
export function findingTitle(f: Pick<ConfigFinding, 'severity' | 'rule'>): string {
  return `${glyph[f.severity]} ${f.severity} ${f.rule}`;
}

export function findingFix(f: Pick<ConfigFinding, 'fix'>): string {
  return `fix: ${f.fix}`;
}

/** The config's steps against the dataset's real epoch. */
export function lintMathLine(m: LintEpochMath): string {
  return `step math: ${formatCount(m.imagesPerEpoch)} images per epoch = ${formatCount(m.stepsPerEpoch)} steps per epoch; steps ${formatCount(m.totalSteps)} = ${epochsText(m.epochs)}`;
}
