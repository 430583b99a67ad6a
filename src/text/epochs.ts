/**
 * Epoch counts as people read them: a run is often a fraction of an epoch (the guide's repeats make one
 * epoch thousands of steps), so fractions show to two places and whole numbers plain.
 */

/** "8", "2.5", "0.33". */
export function formatEpochs(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(2)));
}

/** "1 epoch", "0.33 epochs". */
export function epochsText(n: number): string {
  return `${formatEpochs(n)} epoch${n === 1 ? '' : 's'}`;
}
