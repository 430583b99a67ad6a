/**
 * The values a number choice may take, the same wherever it is given: `lorapilot config build --rank`
 * and a value typed on the Config screen. Wide on purpose: the linter warns about unusual values,
 * these only refuse what ai-toolkit cannot take.
 */

import { BOUNDS, boundText, withinBound, type Bound } from '../text/bounds.js';

export type Limit = Bound;

/** The config's entries of the one bounds table (src/text/bounds.ts). */
export const LIMITS = {
  rank: BOUNDS.rank,
  alpha: BOUNDS.alpha,
  lr: BOUNDS.lr,
  epochs: BOUNDS.epochs,
  steps: BOUNDS.steps,
  resolution: BOUNDS.resolution,
  batchSize: BOUNDS.batchSize,
  gradientAccumulation: BOUNDS.gradientAccumulation,
  captionDropout: BOUNDS.captionDropout,
} as const satisfies Record<string, Limit>;

export type LimitedField = keyof typeof LIMITS;

export const withinLimit = withinBound;

/** "a whole number from 1 to 1,024". */
export const limitText = boundText;
