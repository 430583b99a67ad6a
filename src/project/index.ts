export * from './schema.js';
export * from './project.js';
export { STEP_IDS, type StepId, type StepProgress } from './sections/progress.js';
