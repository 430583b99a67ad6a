import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleFileName } from '../../../src/ai-toolkit/names.js';
import { facesJsonSchema, identityFailureJsonSchema, scoreImagesJsonSchema } from '../../../src/checkpoints/identity-json.js';
import { parsePlanOutput, planOutputName } from '../../../src/checkpoints/plan-output.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { noFace, portrait, put } from '../faces/photos.js';
import { makeFaceRun } from './face-run.js';

let dir: string;

beforeAll(async () => {
  dir = await tempDir('lorapilot-ckfaces-');
  const { v } = await makeFaceRun(dir);
  const comfy = join(dir, 'comfy-out', 'lorapilot', 'maya_v1', 'step_000000250');
  await put(join(comfy, `${planOutputName(0.6, 1, 1)}_00001_.png`), await sharp(await portrait('b')).png().toBuffer());
  await put(join(comfy, `${planOutputName(0.8, 1, 1)}_00001_.png`), await sharp(v.crop).png().toBuffer());
  await put(join(comfy, `${planOutputName(1, 1, 1)}_00001_.png`), await sharp(await portrait('d')).png().toBuffer());
  await put(join(dir, 'comfy-out', 'notes', 'other.png'), await sharp(await noFace(64)).png().toBuffer());
}, 120_000);

describe('lorapilot checkpoints faces', () => {
  it('judges every sample, ranks the step that learned the face above the one that drew others, and names a memorised copy', { timeout: 120_000 }, async () => {
    const r = await runCli(['checkpoints', 'faces', '--json'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = facesJsonSchema.parse(JSON.parse(r.out));
    expect(j.threshold).toBe(0.6);
    expect(j.trainingImages).toBe(4);
    const byStep = new Map(j.steps.map((s) => [s.step, s]));
    expect(byStep.get(250)).toMatchObject({ samples: 2, withFace: 2, matching: 2, consistency: 1, drop: false });
    expect(byStep.get(500)).toMatchObject({ samples: 3, withFace: 2, matching: 0, consistency: 0, drop: true });
    expect(byStep.get(500)!.perPrompt.map((p) => [p.prompt, p.withFace])).toEqual([[0, 1], [1, 1], [2, 0]]);
    expect(j.samples.filter((s) => s.verdict === 'no-face').map((s) => s.file)).toEqual([sampleFileName(2_002, 500, 2)]);
    expect(byStep.get(250)!.memorised).toEqual([{ file: sampleFileName(1_001, 250, 1), image: '40_maya/maya.jpg' }]);
    expect(byStep.get(500)!.memorised).toEqual([]);
    expect(j.ranking.map((x) => x.step)).toEqual([250, 500]);
    expect(j.ranking[0]).toMatchObject({ rank: 1, consistency: 1, userMean: 3 });
    expect(j.ranking[1]).toMatchObject({ rank: 2, consistency: 0, userMean: 5 });

    const text = await runCli(['checkpoints', 'faces'], dir);
    expect(text.out).toContain('same person under distance 0.60');
    expect(text.out).toMatch(/memorised: .* is a copy of training image 40_maya\/maya\.jpg/);
    expect(text.out).toContain('fell from the previous sample step');
  });
});

describe('lorapilot checkpoints score-images', () => {
  it('reads the test plan names back and finds the sweet-spot strength and where it drops', { timeout: 120_000 }, async () => {
    expect(parsePlanOutput(`lorapilot/p/step_000000250/${planOutputName(0.8, 2, 42)}_00001_.png`)).toEqual({ step: 250, strength: 0.8, prompt: 2, seed: 42 });
    expect(parsePlanOutput('lorapilot/p/step_000000250/portrait_00001_.png')).toBeNull();
    const r = await runCli(['checkpoints', 'score-images', 'comfy-out', '--json'], dir);
    expect(r.code).toBe(0);
    const j = scoreImagesJsonSchema.parse(JSON.parse(r.out));
    expect(j.unrecognised).toEqual(['notes/other.png']);
    expect(j.checkpoints).toHaveLength(1);
    const c = j.checkpoints[0];
    expect(c.strengths.map((s) => [s.strength, s.consistency])).toEqual([[0.6, 0], [0.8, 1], [1, 0]]);
    expect(c).toMatchObject({ step: 250, sweetSpot: 0.8, dropsAt: 1 });
    const text = await runCli(['checkpoints', 'score-images', 'comfy-out'], dir);
    expect(text.out).toContain('step 250: sweet spot 0.80, consistency drops at 1.00');
  });

  it('says what is wrong with a folder that does not exist', async () => {
    const r = await runCli(['checkpoints', 'score-images', 'nowhere', '--json'], dir);
    expect(r.code).toBe(1);
    expect(identityFailureJsonSchema.parse(JSON.parse(r.out)).message).toContain('cannot read');
  });
});
