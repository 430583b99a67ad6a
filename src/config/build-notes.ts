import type { FolderInfo } from '../dataset/scan.js';
import { formatCount } from '../text/format.js';
import type { Choices } from './choices.js';
import type { StepMath } from './step-math.js';
import { timesSeen, timesSeenText } from './times-seen.js';

/** What the user should know about a build: dataset layouts ai-toolkit reads differently, and run lengths that waste or miss images. */

export interface BuildNote {
  severity: 'warning' | 'info';
  message: string;
  /** The lint rules that will report the same thing in the written file. */
  rules?: string[];
}

export function datasetNotes(folders: readonly FolderInfo[]): BuildNote[] {
  const notes: BuildNote[] = [];
  if (folders.length === 0) notes.push({ severity: 'warning', message: 'no images found in the dataset: the config has no dataset entries' });
  const rootFolder = folders.find((f) => f.rel === '');
  if (rootFolder && folders.length > 1) {
    notes.push({
      severity: 'warning',
      message: `${rootFolder.imageCount} images sit in the dataset root: ai-toolkit walks folders recursively, so the root entry also trains every subfolder again — move them into a folder`,
    });
  }
  for (const f of folders) {
    if (f.rel.includes('${')) {
      notes.push({ severity: 'warning', message: `folder '${f.rel}' contains a dollar-brace, which ai-toolkit expands from the environment before parsing: rename the folder` });
    }
    if (f.repeats === 0) {
      notes.push({ severity: 'warning', message: `folder '${f.name}' has a 0_ prefix: ai-toolkit cannot repeat a folder 0 times, so it trains once (num_repeats 1)` });
    }
    if (f.repeats === null && folders.length > 1) {
      notes.push({ severity: 'info', message: `folder '${f.name}' has no N_ prefix: num_repeats 1` });
    }
  }
  return notes;
}

export function runNotes(math: StepMath, c: Choices, folders: readonly FolderInfo[]): BuildNote[] {
  const preset = c.preset;
  const notes: BuildNote[] = [];
  if (math.epochs < 1) {
    const seen = timesSeen(math.epochs, folders.map((f) => ({ images: f.imageCount, copies: Math.max(1, f.repeats ?? 1) * c.resolution.length })));
    notes.push({
      severity: seen.neverDrawn > 0 ? 'warning' : 'info',
      message: `the run (${math.totalSteps} steps) ends before one epoch (${math.stepsPerEpoch} steps): ${timesSeenText(seen)}`,
      rules: ['train.under-one-epoch'],
    });
  }
  // Without folders there is nothing seen too often (the empty dataset has its own note).
  if (math.totalSteps > 4 * preset.steps && folders.length > 0) {
    const seen = Math.max(...folders.map((f) => Math.max(1, f.repeats ?? 1))) * c.resolution.length * math.epochs;
    notes.push({
      severity: 'info',
      message: `${formatCount(math.totalSteps)} steps is ${Math.round(math.totalSteps / preset.steps)}× the ${formatCount(preset.steps)} steps of ai-toolkit's example for ${preset.label}: the most repeated images are seen ${formatCount(Math.round(seen))} times — consider --steps, fewer repeats or fewer resolutions`,
    });
  }
  if (math.saveSteps.length === 0) {
    notes.push({
      severity: 'warning',
      message: `the run is ${math.totalSteps} step${math.totalSteps === 1 ? '' : 's'}: too short for checkpoints to compare — add images, repeats or epochs`,
      rules: ['save.after-end', 'sample.after-end'],
    });
  }
  return notes;
}
