import { resolve } from 'node:path';
import { loadProject, updateProject, type Project } from '../project/index.js';
import { progressSummary } from './format.js';
import type { CheckReport } from './report.js';

/** The dataset folder of the project in `projectDir`, or null when there is no valid project. */
export async function projectDataset(projectDir: string): Promise<{ project: Project; dataset: string } | null> {
  const r = await loadProject(projectDir);
  if (!r.ok) return null;
  return { project: r.project, dataset: resolve(projectDir, r.project.dataset) };
}

/**
 * Record the check's conclusion in lorapilot.yaml: done when no errors, attention otherwise,
 * so the wizard reopens at the first unfinished step.
 */
export async function recordDatasetProgress(projectDir: string, report: CheckReport, now = new Date()): Promise<void> {
  await updateProject(projectDir, (p) => {
    p.progress.dataset = { status: report.counts.error === 0 && report.totals.images > 0 ? 'done' : 'attention', at: now.toISOString(), summary: progressSummary(report) };
  });
}
