import type { Finding } from '../dataset/finding.js';
import type { HeaderResult } from '../ai-toolkit/safetensors.js';
import type { Target } from '../remote/target.js';
import type { SampleRef } from './pairing.js';

/** Smoothed loss around a step (EMA of the run's loss series), or null when unknown. */
export type LossAt = (step: number) => number | null;

/** pod: only on the target; local: only in loras/; both; partial: an interrupted download; differs: loras/ holds another file of that name. */
export type Where = 'pod' | 'local' | 'both' | 'partial' | 'differs';

export interface CheckpointEntry {
  file: string;
  /** Path on the target, null when the file only exists locally (removed on the pod by max_step_saves_to_keep). */
  remotePath: string | null;
  /** The step used everywhere (pairing, marking, choosing). */
  step: number | null;
  stepSource: 'name' | 'header' | 'samples' | 'config' | null;
  /** training_info.step from the header, when read. */
  headerStep: number | null;
  final: boolean;
  epoch: number | null;
  epochSource: 'header' | 'steps' | null;
  /** Size on the pod (or locally when only local). */
  size: number;
  mtimeMs: number;
  where: Where;
  localPath: string | null;
  /** Bytes already downloaded (complete file, or the .part of an interrupted download). */
  localBytes: number;
  header: 'ok' | 'bad' | 'unread';
  headerProblem?: string;
  loss: number | null;
  marked: boolean;
  chosen: boolean;
  samples: SampleRef[];
}

export interface CheckpointIndex {
  folder: string;
  jobName: string;
  checkpoints: CheckpointEntry[];
  /** Every step that has samples, with its images (including steps whose checkpoint is gone). */
  sampleSteps: Array<{ step: number; samples: SampleRef[] }>;
  /** Number of sample prompts (highest prompt index + 1). */
  promptCount: number;
  /** The sample prompts' text by index, from the config.yaml ai-toolkit copies into the folder (may be shorter). */
  prompts: string[];
  findings: Finding[];
}

export interface IndexOptions {
  target: Target;
  /** ai-toolkit's training_folder/<name> on the target. */
  folder: string;
  jobName: string;
  /** The project's `loras/` folder (local). */
  localDir?: string;
  /** Read each checkpoint's header (two small reads per file). Default true. */
  readHeaders?: boolean;
  stepsPerEpoch?: number;
  totalSteps?: number;
  marked?: readonly number[];
  chosen?: number | null;
  lossAt?: LossAt;
  /** Header results keyed by path+size+mtime, reused across refreshes. */
  headerCache?: Map<string, HeaderResult>;
  signal?: AbortSignal;
}
