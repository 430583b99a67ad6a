import { posix } from 'node:path';

/**
 * What ai-toolkit writes into a job's output folder, training_folder/<config.name>
 * (reference/ai-toolkit.md §2):
 *
 *   <name>_<step:09d>.safetensors, <name>.safetensors   checkpoints (see names.ts)
 *   samples/<ms>__<step:09d>_<i>.jpg                   sample images
 *   config.yaml                                        the config after `[name]` substitution
 *   loss_log.db                                        exact per-step losses (logging.use_ui_logger)
 *   log.txt                                            console output, when the ai-toolkit UI launched the job
 *
 * Paths on a pod are POSIX; a local run folder on this machine is too (Linux, macOS).
 */

export const SAMPLES_DIR = 'samples';
export const CONFIG_COPY = 'config.yaml';
export const LOSS_LOG_DB = 'loss_log.db';
export const UI_LOG = 'log.txt';

export function samplesFolder(jobFolder: string): string {
  return posix.join(jobFolder, SAMPLES_DIR);
}

export function samplePath(jobFolder: string, sampleFile: string): string {
  return posix.join(jobFolder, SAMPLES_DIR, sampleFile);
}

export function configCopyPath(jobFolder: string): string {
  return posix.join(jobFolder, CONFIG_COPY);
}

export function lossLogPath(jobFolder: string): string {
  return posix.join(jobFolder, LOSS_LOG_DB);
}

export function uiLogPath(jobFolder: string): string {
  return posix.join(jobFolder, UI_LOG);
}
