import { consistencyOf, type Consistency, type Judgement } from '../faces/index.js';

/**
 * Identity per checkpoint from its judged samples (pure): consistency overall and per prompt, the
 * memorised samples, and the sample steps where consistency falls (the guide's face drift, §7).
 */

export interface JudgedSample {
  file: string;
  step: number;
  /** Prompt index (ai-toolkit's sample index, or the test plan's prompt number). */
  prompt: number;
  judgement: Judgement;
}

export interface StepIdentity extends Consistency {
  step: number;
  perPrompt: Array<Consistency & { prompt: number }>;
  memorised: Array<{ file: string; image: string }>;
  /** Consistency fell from the previous sample step. */
  drop: boolean;
}

export function identityBySteps(samples: readonly JudgedSample[]): StepIdentity[] {
  const steps = [...new Set(samples.map((s) => s.step))].sort((a, b) => a - b);
  const out: StepIdentity[] = [];
  let previous: number | null = null;
  for (const step of steps) {
    const mine = samples.filter((s) => s.step === step);
    const c = consistencyOf(mine.map((s) => s.judgement));
    const prompts = [...new Set(mine.map((s) => s.prompt))].sort((a, b) => a - b);
    out.push({
      step,
      ...c,
      perPrompt: prompts.map((prompt) => ({ prompt, ...consistencyOf(mine.filter((s) => s.prompt === prompt).map((s) => s.judgement)) })),
      memorised: mine.filter((s) => s.judgement.memorised).map((s) => ({ file: s.file, image: s.judgement.memorised!.image })),
      drop: previous !== null && c.consistency !== null && c.consistency < previous,
    });
    if (c.consistency !== null) previous = c.consistency;
  }
  return out;
}

export interface StrengthIdentity extends Consistency {
  strength: number;
}

export interface SweetSpot {
  step: number;
  strengths: StrengthIdentity[];
  /** The lowest strength whose consistency reaches the target; null when none does. */
  sweetSpot: number | null;
  /** The lowest strength above the sweet spot where consistency falls below the target again. */
  dropsAt: number | null;
}

/** The strength sweep (guide §5.4): per checkpoint, consistency at each strength and where it is good enough. */
export function sweetSpots(samples: ReadonlyArray<JudgedSample & { strength: number }>, target: number): SweetSpot[] {
  const steps = [...new Set(samples.map((s) => s.step))].sort((a, b) => a - b);
  return steps.map((step) => {
    const mine = samples.filter((s) => s.step === step);
    const strengths = [...new Set(mine.map((s) => s.strength))].sort((a, b) => a - b).map((strength) => ({ strength, ...consistencyOf(mine.filter((s) => s.strength === strength).map((s) => s.judgement)) }));
    const ok = (s: StrengthIdentity) => s.consistency !== null && s.consistency >= target;
    const spot = strengths.find(ok) ?? null;
    const drop = spot ? (strengths.find((s) => s.strength > spot.strength && !ok(s)) ?? null) : null;
    return { step, strengths, sweetSpot: spot?.strength ?? null, dropsAt: drop?.strength ?? null };
  });
}
