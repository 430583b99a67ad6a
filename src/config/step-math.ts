import { formatEpochs } from '../text/epochs.js';
import { formatCount } from '../text/format.js';

/**
 * Step math as ai-toolkit counts it (reference/ai-toolkit.md §5):
 *   items per dataset copy = images × num_repeats × (2 if flip_x) × (2 if flip_y)
 *   one copy per entry of `resolution`
 *   batches per epoch = Σ ceil(items / batch_size)   (exact at bs 1; buckets pad the last batch of each)
 *   steps per epoch = batches / gradient_accumulation
 * There is no epoch setting: the run length is train.steps. A save or sample at loop index k happens
 * when k % every == 0 and k > 0; k runs 0 … steps-1; the final save is `<name>.safetensors`.
 */

export interface StepFolder {
  rel: string;
  images: number;
  repeats: number;
}

export interface StepInputs {
  folders: readonly StepFolder[];
  /** Number of entries in `resolution`. */
  resolutions: number;
  flipX?: boolean;
  flipY?: boolean;
  batchSize: number;
  gradientAccumulation: number;
}

export type RunLength = { epochs: number } | { steps: number } | { auto: number };

export interface EpochReading {
  /** Steps in the whole run under this reading. */
  totalSteps: number;
  /** What each checkpoint is apart, in steps. */
  saveEvery: number;
  /** Real (ai-toolkit) epochs the run covers. */
  realEpochs: number;
  text: string;
}

export interface StepMath {
  folders: Array<StepFolder & { items: number; perEpoch: number }>;
  resolutions: number;
  flips: number;
  imagesPerEpoch: number;
  batchesPerEpoch: number;
  stepsPerEpoch: number;
  totalSteps: number;
  /** Real epochs in the run (may be fractional). */
  epochs: number;
  saveEvery: number;
  sampleEvery: number;
  /** Loop indices that save a step checkpoint (the final save is extra). */
  saveSteps: number[];
  /** max_step_saves_to_keep that keeps every step checkpoint of the run. */
  keep: number;
  /** How checkpoints relate to epochs: 'epoch' (every k epochs) or 'tenth' (ten per run). */
  cadence: { kind: 'epoch'; epochsPerSave: number } | { kind: 'tenth' };
  readings: { toolkit: EpochReading; guide: EpochReading };
}

/** The guide tests epochs 5 to 10: fewer real epochs than this and checkpoints go at tenths of the run. */
export const MIN_EPOCHS_FOR_EPOCH_SAVES = 5;
const TENTHS = 10;

export function stepMath(inputs: StepInputs, length: RunLength): StepMath {
  const bs = Math.max(1, Math.floor(inputs.batchSize));
  const ga = Math.max(1, Math.floor(inputs.gradientAccumulation));
  const resolutions = Math.max(1, Math.floor(inputs.resolutions));
  const flips = (inputs.flipX ? 2 : 1) * (inputs.flipY ? 2 : 1);
  const folders = inputs.folders.map((f) => {
    const items = f.images * Math.max(1, f.repeats) * flips;
    return { ...f, items, perEpoch: items * resolutions };
  });
  const imagesPerEpoch = folders.reduce((n, f) => n + f.perEpoch, 0);
  const batchesPerEpoch = folders.reduce((n, f) => n + resolutions * Math.ceil(f.items / bs), 0);
  const stepsPerEpoch = Math.max(1, Math.ceil(batchesPerEpoch / ga));

  let totalSteps: number;
  if ('epochs' in length) totalSteps = Math.max(1, Math.round(length.epochs * stepsPerEpoch));
  else if ('steps' in length) totalSteps = Math.max(1, Math.round(length.steps));
  else {
    // No choice made: the preset's recommended length, in whole epochs; a dataset whose one epoch already
    // exceeds it (the guide's 40_/20_ repeats) trains one epoch with ten checkpoints, as the guide's template does.
    const target = Math.max(1, length.auto);
    totalSteps = stepsPerEpoch >= target ? stepsPerEpoch : Math.ceil(target / stepsPerEpoch) * stepsPerEpoch;
  }
  const epochs = totalSteps / stepsPerEpoch;

  let saveEvery: number;
  let cadence: StepMath['cadence'];
  if (epochs >= MIN_EPOCHS_FOR_EPOCH_SAVES) {
    const epochsPerSave = epochs <= 20 ? 1 : Math.ceil(epochs / TENTHS);
    saveEvery = epochsPerSave * stepsPerEpoch;
    cadence = { kind: 'epoch', epochsPerSave };
  } else {
    saveEvery = Math.max(1, Math.ceil(totalSteps / TENTHS));
    cadence = { kind: 'tenth' };
  }
  const saveSteps = savePoints(totalSteps, saveEvery);
  const keep = Math.max(1, saveSteps.length);

  const plainItems = inputs.folders.reduce((n, f) => n + f.images * Math.max(1, f.repeats), 0);
  const guideTotal = Math.max(1, Math.ceil(plainItems / bs / ga));
  const guideSave = Math.max(1, Math.ceil(guideTotal / TENTHS));
  const readings = {
    toolkit: {
      totalSteps: TENTHS * stepsPerEpoch,
      saveEvery: stepsPerEpoch,
      realEpochs: TENTHS,
      text:
        `ai-toolkit's epoch: one pass over images × repeats × ${resolutions} resolution${resolutions === 1 ? '' : 's'}${flips > 1 ? ` × ${flips} flips` : ''} = ` +
        `${formatCount(stepsPerEpoch)} steps; testing epochs 5-10 means ${formatCount(TENTHS * stepsPerEpoch)} steps, saving every ${formatCount(stepsPerEpoch)}.`,
    },
    guide: {
      totalSteps: guideTotal,
      saveEvery: guideSave,
      realEpochs: guideTotal / stepsPerEpoch,
      text:
        `The guide's arithmetic: images × repeats = ${formatCount(plainItems)} steps for the whole run, saving every ${formatCount(guideSave)} ("every epoch") — ` +
        `that is ${formatEpochs(guideTotal / stepsPerEpoch)} real epoch${guideTotal === stepsPerEpoch ? '' : 's'}, and its ten "epochs" are tenths of one pass.`,
    },
  };

  return {
    folders,
    resolutions,
    flips,
    imagesPerEpoch,
    batchesPerEpoch,
    stepsPerEpoch,
    totalSteps,
    epochs,
    saveEvery,
    sampleEvery: saveEvery,
    saveSteps,
    keep,
    cadence,
    readings,
  };
}

/** Loop indices k in 1 … steps-1 with k % every == 0 (BaseSDTrainProcess.py:2554, 2706). */
export function savePoints(totalSteps: number, every: number): number[] {
  const out: number[] = [];
  if (every <= 0) return out;
  for (let k = every; k < totalSteps; k += every) out.push(k);
  return out;
}

/** One line for the step math, e.g. for the command's output. */
export function describeCadence(m: StepMath): string {
  if (m.cadence.kind === 'epoch') {
    const per = m.cadence.epochsPerSave;
    return `save and sample every ${formatCount(m.saveEvery)} steps (every ${per === 1 ? 'epoch' : `${per} epochs`})`;
  }
  return `save and sample every ${formatCount(m.saveEvery)} steps (a tenth of the run: the run is under ${MIN_EPOCHS_FOR_EPOCH_SAVES} epochs)`;
}
