import { describe, expect, it } from 'vitest';
import { lengthInOtherUnit, lengthText, lengthUnit, longRun, longRunQuestion, runLength, withUnit, type LengthChoice } from '../../../src/config/length.js';
import { stepMath } from '../../../src/config/step-math.js';

// The guide's dataset: 70 images × 40 repeats + 30 × 20 = 3,400 steps per epoch at batch 1.
const guide = { folders: [{ rel: '40_char', images: 70, repeats: 40 }, { rel: '20_body', images: 30, repeats: 20 }], resolutions: 1, batchSize: 1, gradientAccumulation: 1 };

describe('run length', () => {
  it('shows the automatic length as the steps the step math writes', () => {
    const c: LengthChoice = { preset: { steps: 2000 } };
    const math = stepMath({ ...guide, folders: [{ rel: 'a', images: 11, repeats: 40 }] }, runLength(c));
    expect(math.totalSteps).toBe(2200);
    expect(lengthText(c, math)).toBe('auto (2,200 steps)');
    expect(lengthInOtherUnit(c, math)).toBe('= 5 epochs');
  });

  it('reads a bare typed number in the unit shown, and a typed unit over it', () => {
    expect(lengthUnit({})).toBe('steps');
    expect(lengthUnit({ epochs: 8 })).toBe('epochs');
    expect(withUnit('300', 'steps')).toBe('300 steps');
    expect(withUnit(' 2.5 ', 'epochs')).toBe('2.5 epochs');
    expect(withUnit('8 epochs', 'steps')).toBe('8 epochs');
  });

  it('asks about a run more than five times the guide length (images × repeats steps)', () => {
    expect(longRun(stepMath(guide, { epochs: 5 }))).toBeNull();
    const r = longRun(stepMath(guide, { steps: 17_001 }));
    expect(r).toMatchObject({ steps: 17_001, guideSteps: 3400 });
    const q = longRunQuestion(longRun(stepMath(guide, { epochs: 300 }))!);
    expect(q).toBe("1,020,000 steps is 300× the guide's length (images × repeats = 3,400 steps). Train that long?");
  });
});
