/**
 * Which two marked checkpoints `enter` compares (pure): the selected one when it is marked, paired with
 * the next marked step after it (wrapping); otherwise the first two marked.
 */
export function comparePair(marked: readonly number[], selected: number | null): [number, number] | null {
  const m = [...new Set(marked)].sort((a, b) => a - b);
  if (m.length < 2) return null;
  if (selected !== null && m.includes(selected)) {
    const i = m.indexOf(selected);
    const other = m[(i + 1) % m.length];
    return selected < other ? [selected, other] : [other, selected];
  }
  return [m[0], m[1]];
}

/** Keep a prompt index inside 0..count-1, wrapping at the ends. */
export function stepPrompt(current: number, delta: number, count: number): number {
  if (count <= 0) return 0;
  return (((current + delta) % count) + count) % count;
}
