import { describe, expect, it } from 'vitest';
import { rankCheckpoints } from '../../../src/checkpoints/scoring.js';
import { choose, clearScore, setMarked, setScore, toggleMarked } from '../../../src/checkpoints/selection.js';
import { projectSchema } from '../../../src/project/index.js';

const base = () => projectSchema.parse({ name: 'maya', trigger: 'maya_char' });

describe('checkpoint selection', () => {
  it('marks, unmarks and records progress for the wizard', () => {
    let p = setMarked(base(), [750, 250], true);
    expect(p.checkpoints.marked).toEqual([250, 750]);
    expect(p.progress.checkpoints).toMatchObject({ status: 'attention' });
    p = toggleMarked(p, 250);
    expect(p.checkpoints.marked).toEqual([750]);
    p = choose(p, 750, '  best face at 0.8  ', new Date('2026-11-24T20:00:00Z'));
    expect(p.checkpoints.chosen).toEqual({ step: 750, note: 'best face at 0.8', at: '2026-11-24T20:00:00.000Z' });
    expect(p.progress.checkpoints).toMatchObject({ status: 'done', summary: 'chose step 750 — best face at 0.8' });
    expect(projectSchema.safeParse(p).success).toBe(true);
  });

  it('scores 1–5 only', () => {
    let p = setScore(base(), 500, 'face', 4);
    expect(p.checkpoints.scores).toEqual({ '500': { face: 4 } });
    expect(() => setScore(p, 500, 'face', 6)).toThrow(/1 to 5/);
    expect(() => setScore(p, 500, 'face', 2.5)).toThrow();
    p = clearScore(p, 500, 'face');
    expect(p.checkpoints.scores).toEqual({});
  });

  it('ranks fully scored checkpoints by mean, then face, then earlier step', () => {
    const rows = rankCheckpoints([250, 500, 750, 1000, 1250], {
      '250': { face: 3, skin: 3, prompt: 3 },
      '500': { face: 5, skin: 3, prompt: 4 },
      '750': { face: 4, skin: 4, prompt: 4 },
      '1000': { face: 5, skin: 5 },
      '1250': { face: 4, skin: 4, prompt: 4 },
    });
    expect(rows.map((r) => [r.step, r.rank])).toEqual([
      [500, 1],
      [750, 2],
      [1250, 3],
      [250, 4],
      [1000, null],
    ]);
    expect(rows[0].mean).toBe(4);
  });
});
