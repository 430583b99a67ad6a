/**
 * The testing checklist (guide §5.4 "Check: Face consistency, body realism, no artifacts"; §6.1 success
 * criteria) scored 1–5 per checkpoint, and the ranking that comes out of it (pure).
 */

export const CRITERIA = [
  { id: 'face', label: 'Face consistency', key: 'f', question: 'Is it the same person across seeds, prompts and strengths (guide §6.3: 95%+)?' },
  { id: 'skin', label: 'Skin/body realism', key: 'k', question: 'Natural skin texture, no plastic look; realistic proportions?' },
  { id: 'prompt', label: 'Prompt following', key: 'p', question: 'Does it follow new poses, clothes and backgrounds instead of repeating the training images?' },
] as const;

export type CriterionId = (typeof CRITERIA)[number]['id'];

export function isCriterion(id: string): id is CriterionId {
  return CRITERIA.some((c) => c.id === id);
}

export type Scores = Record<string, Record<string, number>>;

export interface RankedRow {
  step: number;
  scores: Partial<Record<CriterionId, number>>;
  /** Mean of the scored criteria, null when none is scored. */
  mean: number | null;
  /** All criteria scored. */
  complete: boolean;
  /** 1-based rank among fully scored checkpoints; null for incomplete ones. */
  rank: number | null;
}

/**
 * Rank checkpoints by the mean of their scores. Fully scored checkpoints come first; ties go to the
 * better face consistency (the point of a character LoRA), then to the earlier step (less overfit).
 */
export function rankCheckpoints(steps: readonly number[], scores: Scores): RankedRow[] {
  const rows: RankedRow[] = steps.map((step) => {
    const s = scores[String(step)] ?? {};
    const picked: Partial<Record<CriterionId, number>> = {};
    for (const c of CRITERIA) if (typeof s[c.id] === 'number') picked[c.id] = s[c.id];
    const values = Object.values(picked) as number[];
    return {
      step,
      scores: picked,
      mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
      complete: values.length === CRITERIA.length,
      rank: null,
    };
  });
  rows.sort(
    (a, b) =>
      Number(b.complete) - Number(a.complete) ||
      (b.mean ?? -1) - (a.mean ?? -1) ||
      (b.scores.face ?? 0) - (a.scores.face ?? 0) ||
      a.step - b.step,
  );
  let r = 0;
  for (const row of rows) if (row.complete) row.rank = ++r;
  return rows;
}

export function validScore(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 5;
}

/** The checkpoints a ranking lists: every scored step and every marked one (unscored ones last). */
export function projectRanking(c: { scores: Scores; marked: readonly number[] }): RankedRow[] {
  const steps = [...new Set([...Object.keys(c.scores).map(Number), ...c.marked])].sort((a, b) => a - b);
  return rankCheckpoints(steps, c.scores);
}
