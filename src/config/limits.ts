/**
 * The values a number choice may take, the same wherever it is given: `lorapilot config build --rank`
 * and a value typed on the Config screen. Wide on purpose: the linter warns about unusual values,
 * these only refuse what ai-toolkit cannot take.
 */

export interface Limit {
  integer: boolean;
  min: number;
  max?: number;
}

export const LIMITS = {
  rank: { integer: true, min: 1 },
  alpha: { integer: false, min: 0.0001 },
  lr: { integer: false, min: 1e-9 },
  epochs: { integer: false, min: 0.01 },
  steps: { integer: true, min: 1 },
  batchSize: { integer: true, min: 1 },
  gradientAccumulation: { integer: true, min: 1 },
  captionDropout: { integer: false, min: 0, max: 1 },
} as const satisfies Record<string, Limit>;

export type LimitedField = keyof typeof LIMITS;

export function withinLimit(n: number, limit: Limit): boolean {
  return Number.isFinite(n) && (!limit.integer || Number.isInteger(n)) && n >= limit.min && (limit.max === undefined || n <= limit.max);
}

/** "a whole number ≥ 1", "a number from 0 to 1". */
export function limitText(limit: Limit): string {
  const kind = limit.integer ? 'a whole number' : 'a number';
  return limit.max !== undefined ? `${kind} from ${limit.min} to ${limit.max}` : `${kind} ≥ ${limit.min}`;
}
