import type { Advice } from './tuning.js';
import { describeChange } from './tuning.js';

/** The words for tuning advice, the same on every face. */

/** "lr: 1e-4 → 5e-5, rank: 16 → 12". */
export function describeChanges(advice: Pick<Advice, 'config'>): string {
  return advice.config.map(describeChange).join(', ');
}

export function causesText(advice: Pick<Advice, 'causes'>): string {
  return `Likely causes: ${advice.causes.join('; ')}`;
}

/** The config part: the change and why, or why there is none. */
export function adviceConfigText(advice: Pick<Advice, 'config' | 'why'>): string {
  if (advice.config.length > 0) return `Config: ${advice.why ?? describeChanges(advice)}`;
  return `Config: no change${advice.why ? ` (${advice.why})` : ''}; the fix is in the dataset.`;
}

export const NO_CONFIG_CHANGE = 'no config change for this symptom: the fix is in the dataset';
