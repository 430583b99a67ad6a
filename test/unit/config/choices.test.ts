import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choicesToSection, normaliseResolution, resolveChoices, stepChoice, typeChoice } from '../../../src/config/choices.js';
import { createProject } from '../../../src/project/index.js';
import { guideDataset } from '../../fixtures/configs/guide-dataset.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

describe('config choices', () => {
  it('defaults follow the preset; alpha follows rank', () => {
    const c = resolveChoices({ preset: 'zimage-turbo' });
    expect(c).toMatchObject({ rank: 32, alpha: 32, lr: 1e-4, vram: 48, resolution: [1024], batchSize: 1, gradientAccumulation: 1 });
    expect(resolveChoices({ rank: 8 }).alpha).toBe(8);
  });

  it('de-duplicates resolutions: [1024, 1024] would train every image twice per epoch', () => {
    expect(normaliseResolution([1024, 1024, 512])).toEqual([512, 1024]);
  });

  it('steps values by notches and keeps alpha = rank when it was', () => {
    const c = resolveChoices({});
    expect(stepChoice(c, 'rank', 1)).toMatchObject({ rank: 24, alpha: 24 });
    expect(stepChoice({ ...c, alpha: 1 }, 'rank', 1)).toMatchObject({ rank: 24, alpha: 1 });
    expect(stepChoice(c, 'lr', 1).lr).toBe(1.5e-4);
    expect(stepChoice(c, 'preset', 1).preset.id).toBe('qwen-image');
    expect(stepChoice(c, 'preset', -1).preset.id).toBe('sdxl');
    expect(stepChoice(c, 'batchSize', -1).batchSize).toBe(1);
  });

  it('takes typed values and refuses bad ones with a reason', () => {
    const c = resolveChoices({});
    expect(typeChoice(c, 'length', '3400 steps')).toMatchObject({ ok: true, choices: { steps: 3400, epochs: undefined } });
    expect(typeChoice(c, 'length', '8')).toMatchObject({ ok: true, choices: { epochs: 8 } });
    expect(typeChoice(c, 'lr', '1.2e-4')).toMatchObject({ ok: true, choices: { lr: 1.2e-4 } });
    expect(typeChoice(c, 'resolution', '1024, 512 768')).toMatchObject({ ok: true, choices: { resolution: [512, 768, 1024] } });
    expect(typeChoice(c, 'rank', '0')).toMatchObject({ ok: false });
    expect(typeChoice(c, 'lr', 'fast')).toMatchObject({ ok: false });
    expect(typeChoice(c, 'preset', 'x')).toMatchObject({ ok: false });
  });

  it('takes typed values within the limits lorapilot config build takes', async () => {
    const c = resolveChoices({});
    expect(typeChoice(c, 'captionDropout', '1.5')).toMatchObject({ ok: false, message: 'caption dropout takes a number from 0 to 1' });
    expect(typeChoice(c, 'batchSize', '2.5')).toMatchObject({ ok: false, message: 'batch size takes a whole number from 1 to 256' });
    expect(typeChoice(c, 'length', '99999999999999999999 steps')).toMatchObject({ ok: false, message: 'steps take a whole number from 1 to 1,000,000' });
    expect(typeChoice(c, 'rank', '1e12')).toMatchObject({ ok: false });
    expect(typeChoice(c, 'length', '0.001 epochs')).toMatchObject({ ok: false });
    const dir = await tempDir();
    await guideDataset(join(dir, 'dataset'));
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    for (const [flag, value, field] of [['--caption-dropout', '1.5', 'captionDropout'], ['--batch', '2.5', 'batchSize'], ['--epochs', '0.001', 'length']] as const) {
      const typed = typeChoice(c, field, field === 'length' ? `${value} epochs` : value);
      const given = await runCli(['config', 'build', '--dry-run', flag, value], dir);
      expect(typed.ok, flag).toBe(false);
      expect(given.code, flag).toBe(2);
    }
    expect(typeChoice(c, 'rank', '2048')).toMatchObject({ ok: true, choices: { rank: 2048 } });
    expect((await runCli(['config', 'build', '--dry-run', '--rank', '2048'], dir)).code).toBe(0);
  });

  it('stores only one of epochs and steps in the project', () => {
    const c = resolveChoices({ epochs: 4 });
    expect(choicesToSection({ ...c, steps: 1000, epochs: undefined }, { epochs: 4 })).not.toHaveProperty('epochs');
  });
});
