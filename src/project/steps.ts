import type { StepProgress } from './sections/progress.js';
import { STEP_IDS, type StepId } from './step-ids.js';
import type { Project } from './schema.js';

/** Where a step stands, as both the wizard's header and `lorapilot status` show it. */
export type StepState = StepProgress['status'];

export interface StepRow {
  id: StepId;
  /** 1-based, as the wizard's number keys and `lorapilot status` count them. */
  number: number;
  title: string;
  state: StepState;
  /** What the step last concluded, or what it is waiting for. */
  summary: string;
}

export const STEP_TITLES: Record<StepId, string> = {
  dataset: 'Dataset',
  captions: 'Captions',
  config: 'Config',
  pod: 'Pod',
  monitor: 'Monitor',
  checkpoints: 'Checkpoints',
};

/** The glyph (src/text/glyphs.ts) that marks a step's state. */
export function stepMark(state: StepState): 'success' | 'warning' | 'todo' {
  return state === 'done' ? 'success' : state === 'attention' ? 'warning' : 'todo';
}

export function stepRows(project: Project | null): StepRow[] {
  return STEP_IDS.map((id, i) => {
    const p = project?.progress[id];
    return { id, number: i + 1, title: STEP_TITLES[id], state: p?.status ?? 'todo', summary: p?.summary ?? (p ? p.status : 'not started') };
  });
}

/** The step the wizard opens at: the first unfinished one, or the monitor while a launched run has not finished. */
export function firstUnfinishedStep(project: Project | null): StepId {
  if (!project) return 'dataset';
  // A launched run that has not finished is where the user wants to be.
  if (project.job && project.progress.monitor?.status !== 'done') return 'monitor';
  return STEP_IDS.find((s) => project.progress[s]?.status !== 'done') ?? 'checkpoints';
}
