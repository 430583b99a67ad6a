/**
 * The training domain's public face: ai-toolkit's console output to typed events, the loss series,
 * red flags, loss_log.db, and the monitor service that ties them to a run on a Target.
 */
export { trainingEventSchema, PHASES, type Phase, type TrainingEvent, type LossEvent, type CheckpointEvent, type ProgressEvent } from './events.js';
export { LogParser, parseLog, type ParserState } from './parser.js';
export { LossSeries, type SeriesColumn, type SeriesPoint, type SeriesOptions } from './loss-series.js';
export { readLossLog, reconcile, type LossLogRow, type Reconciliation } from './loss-db.js';
export { loadLossSeries } from './loss-source.js';
export { RedFlagDetector, redFlagSchema, type RedFlag, type FlagKind } from './red-flags.js';
export { RunModel, type RunSnapshot, type CheckpointInfo, type SampleInfo, type ConnectionInfo } from './run-model.js';
export { startMonitor, fetchSamples, type MonitorOptions, type MonitorCallbacks, type MonitorHandle } from './monitor.js';
export { jobMonitorOptions, sampleCacheDir, projectStepsPerEpoch } from './job-options.js';
export { watchJob, watchReplay, type WatchJobOptions, type WatchReplayOptions } from './watch.js';
export { OffsetSaver, OFFSET_SAVE_EVERY_MS } from './offset-saver.js';
export { attachRun, attachChunkSchema, attachEndSchema, type AttachChunk, type AttachEnd } from './attach.js';
export { monitorJsonLineSchema, type MonitorJsonLine } from './monitor-json.js';
export { textPrinter, jsonPrinter, type MonitorPrinter } from './monitor-printer.js';
