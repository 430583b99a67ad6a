import { CRITERIA, type RankedRow } from './scoring.js';
import { unicodeSupported } from '../text/glyphs.js';
import { NONE } from './list-text.js';

/** The ranked summary as text lines, the same on the command line and in the ranking pane. */

const CELL = 8;

export function rankingHeader(): string {
  return `  rank  step  ${CRITERIA.map((c) => c.id.padEnd(CELL)).join('')}mean`;
}

export function rankingLine(r: RankedRow): string {
  const cells = CRITERIA.map((c) => String(r.scores[c.id] ?? NONE).padEnd(CELL)).join('');
  return `  ${(r.rank === null ? NONE : `#${r.rank}`).padStart(4)}  ${String(r.step).padStart(4)}  ${cells}${r.mean === null ? NONE : r.mean.toFixed(2)}${r.complete ? '' : '  (incomplete)'}`;
}

const DOTS = unicodeSupported() ? { on: '●', off: '○' } : { on: '#', off: '-' };

/** The score bar of one criterion: `● ● ● ○ ○` (`# # # - -` where the terminal has no such glyphs). */
export function scoreDots(value: number | undefined): string {
  return [1, 2, 3, 4, 5].map((n) => (value !== undefined && n <= value ? DOTS.on : DOTS.off)).join(' ');
}
