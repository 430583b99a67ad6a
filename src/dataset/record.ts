import { updateProject } from '../project/index.js';
import { progressSummary } from './format.js';
import type { CheckReport } from './report.js';

/** The step's state a check concludes: done when there are images and no errors. */
export function datasetStepState(report: CheckReport): 'done' | 'attention' {
  return report.counts.error === 0 && report.totals.images > 0 ? 'done' : 'attention';
}

/** A check of an empty folder records nothing: it says nothing about the project's dataset. */
export function shouldRecordCheck(report: CheckReport): boolean {
  return report.totals.images > 0;
}

/**
 * Record the check's conclusion in lorapilot.yaml: done when no errors, attention otherwise,
 * so the wizard reopens at the first unfinished step.
 */
export async function recordDatasetProgress(projectDir: string, report: CheckReport, now = new Date()): Promise<void> {
  await updateProject(projectDir, (p) => {
    p.progress.dataset = { status: datasetStepState(report), at: now.toISOString(), summary: progressSummary(report) };
  });
}
