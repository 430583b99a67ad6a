import { describe, expect, it } from 'vitest';
import { resolveChoices, withChanges } from '../../../src/config/choices.js';
import { adviseTuning, applyAdvice, parseSymptom, SYMPTOMS } from '../../../src/config/tuning.js';
import { parseFolderName, type FolderInfo } from '../../../src/dataset/scan.js';

const folder = (rel: string, images: number): FolderInfo => ({ rel, name: rel, ...parseFolderName(rel), imageCount: images, captionCount: images });
const GUIDE = [folder('40_maya_char', 70), folder('20_maya_char_realbody', 30)];

describe('tuning advice (guide §7, §8.2)', () => {
  const c = resolveChoices({ rank: 32, lr: 1e-4 });

  it('every symptom has causes and something to do', () => {
    for (const s of SYMPTOMS) {
      const a = adviseTuning(s, c, GUIDE, 10);
      expect(a.causes.length).toBeGreaterThan(0);
      expect(a.dataset.length + a.config.length + a.meanwhile.length).toBeGreaterThan(0);
    }
  });

  it('background bleed lowers the rank to 12 and alpha with it', () => {
    const a = adviseTuning('background-bleed', c, GUIDE, 10);
    expect(a.config).toEqual([{ field: 'rank', from: 32, to: 12 }, { field: 'alpha', from: 32, to: 12 }]);
    expect(applyAdvice({ rank: 32, alpha: 32 }, a)).toMatchObject({ rank: 12, alpha: 12 });
    expect(adviseTuning('background-bleed', resolveChoices({ rank: 8 }), GUIDE, 10).config).toEqual([]);
  });

  it('overfit and face drift lower lr by 0.00005; underfit raises it', () => {
    expect(adviseTuning('overfit', c, GUIDE, 10).config).toEqual([{ field: 'lr', from: 1e-4, to: 5e-5 }]);
    expect(adviseTuning('face-drift', c, GUIDE, 10).config[0].to).toBe(5e-5);
    expect(adviseTuning('underfit', c, GUIDE, 10).config).toEqual([{ field: 'lr', from: 1e-4, to: 1.5e-4 }]);
    expect(adviseTuning('overfit', resolveChoices({ lr: 2e-5 }), GUIDE, 10).config).toEqual([]);
  });

  it('plastic skin and wrong proportions are dataset changes, concrete for this dataset', () => {
    const skin = adviseTuning('plastic-skin', c, GUIDE, 10);
    expect(skin.config).toEqual([]);
    expect(skin.dataset[0]).toContain('30 → 40-50');
    const prop = adviseTuning('wrong-proportions', c, GUIDE, 10);
    expect(prop.dataset.join('\n')).toContain("rename '20_maya_char_realbody' → '8_maya_char_realbody'");
  });

  it('understands everyday names for symptoms', () => {
    expect(parseSymptom('plastic skin')).toBe('plastic-skin');
    expect(parseSymptom('overfitting')).toBe('overfit');
    expect(parseSymptom('background')).toBe('background-bleed');
    expect(parseSymptom('nonsense')).toBeUndefined();
  });

  it('changes apply to the screen’s choices the same way', () => {
    const a = adviseTuning('background-bleed', c, GUIDE, 10);
    expect(withChanges(c, a.config)).toMatchObject({ rank: 12, alpha: 12 });
  });
});
