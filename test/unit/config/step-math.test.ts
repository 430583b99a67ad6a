import { describe, expect, it } from 'vitest';
import { savePoints, stepMath } from '../../../src/config/step-math.js';

const guide = [
  { rel: '40_maya_char', images: 70, repeats: 40 },
  { rel: '20_maya_char_realbody', images: 30, repeats: 20 },
];

describe('step math (reference §5)', () => {
  it('20 images × 10 repeats × 3 resolutions at bs 1, ga 1 is 600 steps per epoch', () => {
    const m = stepMath({ folders: [{ rel: 'a', images: 20, repeats: 10 }], resolutions: 3, batchSize: 1, gradientAccumulation: 1 }, { epochs: 1 });
    expect(m.imagesPerEpoch).toBe(600);
    expect(m.stepsPerEpoch).toBe(600);
    expect(m.totalSteps).toBe(600);
  });

  it('divides by batch size and gradient accumulation, counting padded batches per dataset copy', () => {
    const bs2 = stepMath({ folders: [{ rel: 'a', images: 21, repeats: 1 }], resolutions: 2, batchSize: 2, gradientAccumulation: 1 }, { epochs: 1 });
    expect(bs2.batchesPerEpoch).toBe(22); // 2 copies × ceil(21 / 2)
    const ga4 = stepMath({ folders: [{ rel: 'a', images: 20, repeats: 10 }], resolutions: 3, batchSize: 1, gradientAccumulation: 4 }, { epochs: 1 });
    expect(ga4.stepsPerEpoch).toBe(150);
  });

  it('doubles the epoch for each flip', () => {
    const m = stepMath({ folders: [{ rel: 'a', images: 10, repeats: 1 }], resolutions: 1, flipX: true, flipY: true, batchSize: 1, gradientAccumulation: 1 }, { epochs: 1 });
    expect(m.imagesPerEpoch).toBe(40);
  });

  it("reads the guide's dataset both ways: 3,400 steps per epoch vs save every 340", () => {
    const m = stepMath({ folders: guide, resolutions: 1, batchSize: 1, gradientAccumulation: 1 }, { auto: 2000 });
    expect(m.stepsPerEpoch).toBe(3400);
    // One epoch already exceeds the preset's length: train one epoch with ten checkpoints, as the guide's template does.
    expect(m.totalSteps).toBe(3400);
    expect(m.saveEvery).toBe(340);
    expect(m.cadence).toEqual({ kind: 'tenth' });
    expect(m.readings.toolkit).toMatchObject({ totalSteps: 34000, saveEvery: 3400, realEpochs: 10 });
    expect(m.readings.guide).toMatchObject({ totalSteps: 3400, saveEvery: 340, realEpochs: 1 });
    expect(m.readings.guide.text).toContain('340');
  });

  it('with three resolutions the guide’s 3,400 steps are a third of an epoch', () => {
    const m = stepMath({ folders: guide, resolutions: 3, batchSize: 1, gradientAccumulation: 1 }, { steps: 3400 });
    expect(m.stepsPerEpoch).toBe(10200);
    expect(m.readings.guide.realEpochs).toBeCloseTo(1 / 3);
  });

  it('saves every epoch once the run has 5 or more epochs, and keeps all of them', () => {
    const m = stepMath({ folders: [{ rel: 'a', images: 20, repeats: 10 }], resolutions: 3, batchSize: 1, gradientAccumulation: 1 }, { epochs: 10 });
    expect(m.totalSteps).toBe(6000);
    expect(m.saveEvery).toBe(600);
    expect(m.sampleEvery).toBe(600);
    expect(m.saveSteps).toEqual([600, 1200, 1800, 2400, 3000, 3600, 4200, 4800, 5400]);
    expect(m.keep).toBe(9);
  });

  it('rounds the preset length up to whole epochs for small datasets', () => {
    const m = stepMath({ folders: [{ rel: 'a', images: 25, repeats: 1 }], resolutions: 1, batchSize: 1, gradientAccumulation: 1 }, { auto: 3000 });
    expect(m.totalSteps).toBe(3000);
    expect(m.epochs).toBe(120);
    // 120 epochs: a checkpoint every 12 epochs keeps the count testable.
    expect(m.saveEvery).toBe(300);
    expect(m.cadence).toEqual({ kind: 'epoch', epochsPerSave: 12 });
  });

  it('never saves at step 0 nor at the last loop index beyond steps-1', () => {
    expect(savePoints(1000, 250)).toEqual([250, 500, 750]);
    expect(savePoints(1001, 250)).toEqual([250, 500, 750, 1000]);
    expect(savePoints(100, 200)).toEqual([]);
  });
});
