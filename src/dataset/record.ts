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

/** Per project: the re-check running now, and whether a change came in while it ran. */
const rechecks = new Map<string, { running: Promise<void>; again: boolean }>();

/**
 * Check the project's dataset again and record the result, so the record is never older than the files
 * (a caption fix changes what the check finds). A change while a re-check runs queues one more, whose
 * result is the one left recorded.
 */
export function recheckDataset(projectDir: string): Promise<void> {
  const busy = rechecks.get(projectDir);
  if (busy) {
    busy.again = true;
    return busy.running;
  }
  const entry = { running: Promise.resolve(), again: false };
  const once = async () => {
    const [{ loadProject, datasetFolder }, { checkDataset }, { checkOptionsFor }] = await Promise.all([
      import('../project/index.js'),
      import('./check.js'),
      import('./check-request.js'),
    ]);
    const r = await loadProject(projectDir);
    if (!r.ok) return;
    const report = await checkDataset(datasetFolder(projectDir, r.project), checkOptionsFor(r.project));
    if (shouldRecordCheck(report)) await recordDatasetProgress(projectDir, report);
  };
  entry.running = (async () => {
    try {
      do {
        entry.again = false;
        await once();
      } while (entry.again);
    } finally {
      rechecks.delete(projectDir);
    }
  })();
  rechecks.set(projectDir, entry);
  return entry.running;
}
