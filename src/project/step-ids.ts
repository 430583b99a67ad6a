/** The wizard's steps in order. Apart from the project's schema (no zod): the wizard's first frame draws them. */
export const STEP_IDS = ['dataset', 'captions', 'config', 'pod', 'monitor', 'checkpoints'] as const;
export type StepId = (typeof STEP_IDS)[number];
