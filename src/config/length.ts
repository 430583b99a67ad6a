import { formatCount, plural } from '../text/format.js';
import type { RunLength, StepMath } from './step-math.js';

/**
 * The run length: what the user chose (epochs or steps) or, with no choice, the preset's recommended
 * length rounded to whole epochs by the step math. Every face shows the length through `lengthText`,
 * so the value shown is the `train.steps` that gets written.
 */

/** The parts of the choices that decide the length (kept structural: choices.ts formats with lengthText). */
export interface LengthChoice {
  epochs?: number;
  steps?: number;
  preset: { steps: number };
}

export function runLength(c: LengthChoice): RunLength {
  if (c.steps !== undefined) return { steps: c.steps };
  if (c.epochs !== undefined) return { epochs: c.epochs };
  return { auto: c.preset.steps };
}

/** "3,400 steps", "8 epochs", or "auto (2,640 steps)" with the steps the step math computed. */
export function lengthText(c: Omit<LengthChoice, 'preset'>, math: Pick<StepMath, 'totalSteps'>): string {
  if (c.steps !== undefined) return plural(c.steps, 'step');
  if (c.epochs !== undefined) return plural(c.epochs, 'epoch');
  return `auto (${formatCount(math.totalSteps)} steps)`;
}
