import { projectRanking, type RankedRow, type Scores } from './scoring.js';

/**
 * The ranking that weighs the measured identity consistency against the user's own 1–5 scores (pure).
 * Each side is put on 0..1 (a mean score of 1 is 0, 5 is 1); `userWeight` is the share of the user's side.
 * A checkpoint with only one side is ranked on that side.
 */
export interface CombinedRow {
  step: number;
  /** Mean of the user's scores (1–5), null when unscored. */
  userMean: number | null;
  /** Measured identity consistency (0..1), null when its samples were not scored or show no face. */
  consistency: number | null;
  combined: number | null;
  rank: number | null;
}

export function combineRanking(rows: readonly Pick<RankedRow, 'step' | 'mean'>[], consistency: ReadonlyMap<number, number | null>, userWeight: number): CombinedRow[] {
  const steps = [...new Set([...rows.map((r) => r.step), ...consistency.keys()])];
  const meanOf = new Map(rows.map((r) => [r.step, r.mean]));
  const out = steps.map((step) => {
    const userMean = meanOf.get(step) ?? null;
    const c = consistency.get(step) ?? null;
    const user = userMean === null ? null : (userMean - 1) / 4;
    const combined = user !== null && c !== null ? userWeight * user + (1 - userWeight) * c : (user ?? c);
    return { step, userMean, consistency: c, combined: combined === null ? null : Math.round(combined * 1000) / 1000, rank: null as number | null };
  });
  // Ties go to the earlier step: less trained, less overfit.
  out.sort((a, b) => (b.combined ?? -1) - (a.combined ?? -1) || a.step - b.step);
  let r = 0;
  for (const row of out) if (row.combined !== null) row.rank = ++r;
  return out;
}

/** The project's ranking: its saved scores against the consistency measured per step (the report and the screen). */
export function projectCombinedRanking(checkpoints: { scores: Scores; marked: readonly number[] }, consistency: ReadonlyMap<number, number | null>, userWeight: number): CombinedRow[] {
  return combineRanking(projectRanking(checkpoints), consistency, userWeight);
}

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

export function combinedHeader(userWeight: number): string {
  return `  rank  step  identity  your mean  combined   (your scores weigh ${pct(userWeight)})`;
}

export function combinedLine(r: CombinedRow): string {
  return `  ${(r.rank === null ? '—' : `#${r.rank}`).padStart(4)}  ${String(r.step).padStart(4)}  ${pct(r.consistency).padStart(8)}  ${(r.userMean === null ? '—' : r.userMean.toFixed(2)).padStart(9)}  ${(r.combined === null ? '—' : r.combined.toFixed(2)).padStart(8)}`;
}
