import { updateProject } from './project.js';
import type { Project } from './schema.js';
import type { StepId } from './step-ids.js';
import { firstUnfinishedStep } from './steps.js';

/** Record the step the person is on and the selections the screens reported (atomic, in turn with other writers). */
export async function recordResume(dir: string, step: StepId, selection: Partial<Record<StepId, string>>): Promise<void> {
  await updateProject(dir, (p) => {
    p.resume = { step, selection: { ...(p.resume?.selection ?? {}), ...selection } };
  });
}

/** The step the wizard opens at: where the person left it; without a record, the first unfinished step. */
export function resumeStep(project: Project | null): StepId {
  return project?.resume?.step ?? firstUnfinishedStep(project);
}

/** The selection a screen recorded, if any. */
export function resumeSelection(project: Project | null, step: StepId): string | undefined {
  return project?.resume?.selection[step];
}
