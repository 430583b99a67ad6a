/** The dataset domain's public face: what the command, the screens and other steps use. */
export { checkDataset, inferTrigger, verdictOf, type CheckOptions, type CheckProgress } from './check.js';
export { startCheck, type CheckRun, type CheckRunState } from './check-service.js';
export { captionPathFor, readCaptionText } from './caption-file.js';
export { generateDemoDataset, type DemoDataset, type PlantedMistake } from './demo.js';
export { bySeverity, findingSchema, type Finding } from './finding.js';
export { formatReport, progressSummary } from './format.js';
export { datasetStepState, recordDatasetProgress, shouldRecordCheck } from './record.js';
export { checkReportSchema, type CheckReport, type FolderSummary } from './report.js';
export { CAPTION_RULES, captionStatus, checkCaption, medianOf, REALBODY_TAG, type CaptionInput } from './rules/captions.js';
export { characterShot, realbodyPart } from './rules/composition.js';
export { GUIDE } from './rules/counts.js';
export { imagesPerEpoch, parseFolderName, scanDataset, type DatasetScan, type FolderKind } from './scan.js';
