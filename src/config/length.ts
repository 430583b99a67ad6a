import { epochsText } from '../text/epochs.js';
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

/** The unit a typed length is read in: what the length is now, steps while it is automatic. */
export type LengthUnit = 'steps' | 'epochs';

export function lengthUnit(c: Omit<LengthChoice, 'preset'>): LengthUnit {
  return c.epochs !== undefined && c.steps === undefined ? 'epochs' : 'steps';
}

export function otherUnit(u: LengthUnit): LengthUnit {
  return u === 'steps' ? 'epochs' : 'steps';
}

/** A typed length with the unit shown beside it: "300" read in epochs is "300 epochs"; a typed unit wins. */
export function withUnit(text: string, unit: LengthUnit): string {
  const t = text.trim();
  return /^\d+(?:\.\d+)?$/.test(t) ? `${t} ${unit}` : t;
}

/** Whether typed text already names its unit (then the shown unit is not appended). */
export function namesUnit(text: string): boolean {
  return /[a-z]/i.test(text);
}

/** The same length in the other unit, so neither reading is ever left to guess: "= 27,200 steps", "= 8 epochs". */
export function lengthInOtherUnit(c: Omit<LengthChoice, 'preset'>, math: Pick<StepMath, 'totalSteps' | 'stepsPerEpoch'>): string {
  if (c.epochs !== undefined && c.steps === undefined) return `= ${plural(math.totalSteps, 'step')}`;
  return `= ${epochsText(math.totalSteps / math.stepsPerEpoch)}`;
}

/** A run longer than this many times the guide's length (images × repeats steps) is confirmed first. */
export const LONG_RUN_FACTOR = 5;

export interface LongRun {
  steps: number;
  guideSteps: number;
  times: number;
}

/** The run's length against the guide's rule, when it is more than LONG_RUN_FACTOR times it. */
export function longRun(math: Pick<StepMath, 'totalSteps' | 'readings'>): LongRun | null {
  const guideSteps = math.readings.guide.totalSteps;
  if (!(math.totalSteps > LONG_RUN_FACTOR * guideSteps)) return null;
  return { steps: math.totalSteps, guideSteps, times: math.totalSteps / guideSteps };
}

export function longRunQuestion(r: LongRun): string {
  const times = r.times >= 10 ? Math.round(r.times).toString() : String(Number(r.times.toFixed(1)));
  return `${formatCount(r.steps)} steps is ${times}× the guide's length (images × repeats = ${formatCount(r.guideSteps)} steps). Train that long?`;
}
