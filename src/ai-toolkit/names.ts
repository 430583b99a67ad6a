/**
 * ai-toolkit's file names (reference/ai-toolkit.md §2):
 *   checkpoint  <name>_<step:09d>.safetensors, final <name>.safetensors
 *   sample      samples/<ms>__<step:09d>_<i>.<jpg|png|webp>   (double underscore, unpadded prompt index)
 * Sample step N pairs with checkpoint step N.
 */

export const CHECKPOINT_EXT = '.safetensors';

/** The zero-padded step in checkpoint and sample names: 250 → `000000250`. */
export function stepTag(step: number): string {
  return String(step).padStart(9, '0');
}

export function isSafetensors(file: string): boolean {
  return file.endsWith(CHECKPOINT_EXT);
}

export interface CheckpointName {
  file: string;
  /** null for the final <name>.safetensors (its step comes from its header or train.steps). */
  step: number | null;
  final: boolean;
}

export function parseCheckpointName(file: string, jobName: string): CheckpointName | null {
  if (!isSafetensors(file) || !file.startsWith(jobName)) return null;
  const rest = file.slice(jobName.length, -CHECKPOINT_EXT.length);
  if (rest === '') return { file, step: null, final: true };
  const m = /^_(\d{9})$/.exec(rest);
  if (!m) return null;
  return { file, step: Number(m[1]), final: false };
}

export function checkpointFileName(jobName: string, step: number | null): string {
  return step === null ? `${jobName}${CHECKPOINT_EXT}` : `${jobName}_${stepTag(step)}${CHECKPOINT_EXT}`;
}

export interface SampleName {
  file: string;
  timeMs: number;
  step: number;
  /** Index of the sample prompt. */
  index: number;
  ext: string;
}

const SAMPLE_RE = /^(\d+)__(\d{9})_(\d+)\.(jpg|jpeg|png|webp)$/;

export function parseSampleName(file: string): SampleName | null {
  const m = SAMPLE_RE.exec(file);
  if (!m) return null;
  return { file, timeMs: Number(m[1]), step: Number(m[2]), index: Number(m[3]), ext: m[4] };
}

export function sampleFileName(timeMs: number, step: number, index: number, ext = 'jpg'): string {
  return `${timeMs}__${stepTag(step)}_${index}.${ext}`;
}
