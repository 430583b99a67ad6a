import { plural } from '../text/format.js';
import { bySeverity, countBySeverity, type Finding } from './finding.js';
import type { CheckReport, Verdict } from './report.js';
import { composition } from './rules/composition.js';
import type { TriggerSource } from './rules/trigger.js';

/** The report with its findings sorted, counted and judged. */
export function finish(report: CheckReport, findings: Finding[], started: number): CheckReport {
  const sorted = [...findings].sort(bySeverity);
  const counts = countBySeverity(sorted);
  return { ...report, findings: sorted, counts, verdict: verdictOf(counts, report.totals.images), durationMs: Date.now() - started };
}

export function verdictOf(counts: { error: number; warning: number }, images: number): Verdict {
  if (images === 0) return { status: 'blocked', text: 'no dataset to train on' };
  if (counts.error > 0) return { status: 'blocked', text: `not ready: ${plural(counts.error, 'error')} to fix before training${counts.warning ? `, ${plural(counts.warning, 'warning')} to review` : ''}` };
  if (counts.warning > 0) return { status: 'attention', text: `trainable: no errors, ${plural(counts.warning, 'warning')} worth a look` };
  return { status: 'ready', text: 'ready to caption and train' };
}

/** A report with nothing in it, for a dataset folder that is missing or not a folder. */
export function emptyReport(root: string, trigger: string | null, triggerSource: TriggerSource, decode: boolean): CheckReport {
  return {
    root,
    trigger,
    triggerSource,
    decoded: decode,
    folders: [],
    totals: { images: 0, captions: 0, character: 0, realbody: 0 },
    imagesPerEpoch: 0,
    composition: composition([], []),
    findings: [],
    counts: { error: 0, warning: 0, info: 0 },
    verdict: { status: 'blocked', text: '' },
    durationMs: 0,
  };
}
