import type { HeaderResult } from '../ai-toolkit/safetensors.js';
import type { Finding } from '../dataset/finding.js';
import { stripAnsi } from '../text/sanitize.js';
import type { PairedCheckpoint } from './pairing.js';

// File names and header text come from the pod; findings are printed and drawn, so they are sanitised.

/** What a checkpoint's header says is wrong with it, or null when nothing is. */
export function headerFinding(c: PairedCheckpoint, h: HeaderResult | undefined): Finding | null {
  if (h && !h.ok) {
    return {
      rule: 'checkpoints.bad-header',
      severity: 'warning',
      files: [c.file],
      message: stripAnsi(`${c.file}: ${h.message}`),
      fix: h.code === 'truncated' ? 'Wait for the save to finish, then refresh; a file that stays short is damaged: do not use it.' : 'This file is not a usable safetensors LoRA: do not download or test it.',
      data: { code: h.code },
    };
  }
  if (!h?.ok) return null;
  const info = h.header.trainingInfo;
  if (info === null) {
    return {
      rule: 'checkpoints.no-training-info',
      severity: 'info',
      files: [c.file],
      message: stripAnsi(`${c.file}: no training_info in its metadata${h.header.trainingInfoProblem ? ` (${h.header.trainingInfoProblem})` : ''}; the step comes from ${c.final ? 'the samples or the config' : 'its name'}`),
      fix: 'Nothing to do unless the file was renamed by hand.',
    };
  }
  if (!c.final && info.step !== c.nameStep) {
    return {
      rule: 'checkpoints.step-mismatch',
      severity: 'warning',
      files: [c.file],
      message: `${c.file}: its name says step ${c.nameStep} but its header says step ${info.step}`,
      fix: 'The file was renamed or copied from another run; check which run it belongs to before choosing it.',
      data: { nameStep: c.nameStep, headerStep: info.step },
    };
  }
  return null;
}

export function unrecognisedFinding(unrecognised: readonly string[], jobName: string): Finding | null {
  if (unrecognised.length === 0) return null;
  return {
    rule: 'checkpoints.unrecognised',
    severity: 'info',
    files: [...unrecognised],
    message: stripAnsi(`${unrecognised.length} .safetensors file(s) in the folder are not checkpoints of '${jobName}' (e.g. ${unrecognised[0]})`),
    fix: 'Split LoRAs (Wan 2.2 high/low noise), embeddings and adapters are not listed here.',
  };
}

/** Sample steps whose checkpoint is gone (or never saved); step 0 is the baseline before training. */
export function samplesWithoutCheckpoint(sampleSteps: Iterable<number>, checkpointSteps: Iterable<number | null>): number[] {
  const have = new Set(checkpointSteps);
  return [...sampleSteps].filter((s) => !have.has(s) && s !== 0);
}

/** The note both faces show for those steps: the first few, then an ellipsis. */
export function samplesWithoutCheckpointFinding(steps: readonly number[]): Finding | null {
  if (steps.length === 0) return null;
  return {
    rule: 'checkpoints.samples-without-checkpoint',
    severity: 'info',
    files: [],
    message: `samples at step ${steps.slice(0, 6).join(', ')}${steps.length > 6 ? ', …' : ''} have no checkpoint`,
    fix: 'ai-toolkit deletes older saves beyond save.max_step_saves_to_keep, and samples can be more frequent than saves.',
    data: { steps: [...steps] },
  };
}
