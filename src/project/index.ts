export * from './schema.js';
export * from './project.js';
export { STEP_IDS, type StepId, type StepProgress } from './sections/progress.js';
export { firstUnfinishedStep, STEP_TITLES, stepMark, stepRows, type StepRow, type StepState } from './steps.js';
export { datasetFolder, locateDataset, type DatasetLocation } from './dataset-location.js';
export { statusJsonSchema, type StatusJson } from './status-json.js';
export { initJsonSchema, type InitJson } from './init-json.js';
export { recordResume, resumeSelection, resumeStep } from './resume.js';
export { FACE_MODELS, facesSection, type FacesSection } from './sections/faces.js';
