import type { FolderInfo } from '../dataset/scan.js';
import type { ConfigSection } from '../project/sections/config.js';
import { applyChanges, type ChangeField } from './changes.js';
import { formatLr, type Choices } from './choices.js';

/**
 * Tuning advice: the guide's troubleshooting (guide.md §7) and hyperparameter table (§8.2) as rules.
 * The user names what the samples show; the advice says what to change in the dataset and in the config.
 * Only the config part can be applied; dataset changes are the user's (lorapilot does not rename folders).
 */

export const SYMPTOMS = ['plastic-skin', 'face-drift', 'background-bleed', 'overfit', 'underfit', 'wrong-proportions'] as const;
export type Symptom = (typeof SYMPTOMS)[number];

export const SYMPTOM_LABELS: Record<Symptom, string> = {
  'plastic-skin': 'Plastic / AI-looking skin',
  'face-drift': 'Face drifts between samples',
  'background-bleed': 'Background or lighting bleeds in',
  overfit: 'Overfit: copies training images',
  underfit: 'Underfit: trigger has little effect',
  'wrong-proportions': 'Wrong body proportions',
};

export type { ChangeField } from './changes.js';

export interface ConfigChange {
  field: ChangeField;
  from: number | undefined;
  to: number;
}

export interface Advice {
  symptom: Symptom;
  label: string;
  /** Likely causes, from the guide. */
  causes: string[];
  /** Dataset changes, concrete for this dataset. */
  dataset: string[];
  /** What to do at inference or with the checkpoints already trained. */
  meanwhile: string[];
  /** Config changes lorapilot can apply. */
  config: ConfigChange[];
  /** Why the config change, in one line. */
  why?: string;
}

export function parseSymptom(input: string): Symptom | undefined {
  const k = input.toLowerCase().replace(/[\s_]+/g, '-');
  const aliases: Record<string, Symptom> = {
    plastic: 'plastic-skin', skin: 'plastic-skin', 'face': 'face-drift', drift: 'face-drift', inconsistent: 'face-drift',
    'inconsistent-appearance': 'face-drift', background: 'background-bleed', bleed: 'background-bleed', 'lighting-bleed': 'background-bleed',
    overfitting: 'overfit', underfitting: 'underfit', proportions: 'wrong-proportions', 'body-proportions': 'wrong-proportions',
  };
  return (SYMPTOMS as readonly string[]).includes(k) ? (k as Symptom) : aliases[k];
}

const LR_NOTCH = 5e-5; // guide.md §8.2: ±0.00005
const round = (n: number) => Number(n.toPrecision(3));

export function adviseTuning(symptom: Symptom, c: Choices, folders: readonly FolderInfo[], currentEpochs: number): Advice {
  const real = folders.filter((f) => f.kind === 'realbody');
  const character = folders.filter((f) => f.kind !== 'realbody' && f.imageCount > 0);
  const realImages = real.reduce((n, f) => n + f.imageCount, 0);
  const charImages = character.reduce((n, f) => n + f.imageCount, 0);
  const label = SYMPTOM_LABELS[symptom];
  switch (symptom) {
    case 'plastic-skin':
      return {
        symptom, label,
        causes: ['training images with AI artifacts', `too few real body images (need 30+, have ${realImages})`, 'LoRA strength too high'],
        dataset: [
          realImages < 40 ? `add real body photos: ${realImages} → 40-50 (about 40 real / 60 character)` : `real body images: ${realImages}; add more varied shots (lighting, poses)`,
          'remove character images with smooth, waxy skin or artifacts',
        ],
        meanwhile: ['use the LoRA at strength 0.7 instead of 0.9'],
        config: [],
      };
    case 'face-drift': {
      const to = round(Math.max(2e-5, c.lr - LR_NOTCH));
      return {
        symptom, label,
        causes: ['character images not consistent', 'too few close-ups (need 20+)', 'learning rate too high'],
        dataset: ['regenerate inconsistent character images', 'add close-up portraits: 30 or more'],
        meanwhile: ['test an earlier checkpoint (epoch 5-6)'],
        config: to < c.lr ? [{ field: 'lr', from: c.lr, to }] : [],
        why: `lower the learning rate by 0.00005: ${formatLr(c.lr)} → ${formatLr(to)}`,
      };
    }
    case 'background-bleed': {
      const rank = Math.min(c.rank, 12);
      const alpha = c.alpha === c.rank ? rank : round((c.alpha * rank) / c.rank);
      return {
        symptom, label,
        causes: ['network rank too high: it captures unwanted detail', 'too many images with the same background'],
        dataset: ['vary the backgrounds', 'caption backgrounds explicitly (e.g. "urban background")'],
        meanwhile: [],
        config: rank < c.rank ? [{ field: 'rank', from: c.rank, to: rank }, { field: 'alpha', from: c.alpha, to: alpha }] : [],
        why: rank < c.rank ? `reduce rank to 8-12: ${c.rank} → ${rank} (alpha ${c.alpha} → ${alpha})` : `rank is already ${c.rank} (8-12)`,
      };
    }
    case 'overfit': {
      const to = round(Math.max(2e-5, c.lr - LR_NOTCH));
      return {
        symptom, label,
        causes: ['too many steps or too high a learning rate for the dataset size'],
        dataset: ['add more variety (poses, outfits, lighting)'],
        meanwhile: ['use an earlier checkpoint (epoch 5-7)'],
        config: to < c.lr ? [{ field: 'lr', from: c.lr, to }] : [],
        why: `lower the learning rate by 0.00005 (${formatLr(c.lr)} → ${formatLr(to)}); the other option in the guide is 2 epochs fewer (${Math.max(1, Math.round(currentEpochs) - 2)})`,
      };
    }
    case 'underfit': {
      const to = round(c.lr + LR_NOTCH);
      return {
        symptom, label,
        causes: ['learning rate too low', 'too few steps', 'captions without the trigger word'],
        dataset: ['check that every caption starts with the trigger word (lorapilot check)', 'check image quality'],
        meanwhile: [],
        config: [{ field: 'lr', from: c.lr, to }],
        why: `raise the learning rate by 0.00005 (${formatLr(c.lr)} → ${formatLr(to)}); the other option in the guide is 2 more epochs (${Math.round(currentEpochs) + 2}), or 12-15 epochs`,
      };
    }
    case 'wrong-proportions': {
      const charRepeats = Math.max(...character.map((f) => f.repeats ?? 1), 1);
      const lines = real.map((f) => {
        const target = Math.max(1, Math.round(charRepeats / 5));
        return f.repeats !== null && f.repeats !== target
          ? `adjust repeats to 5:1: rename '${f.name}' → '${target}_${f.label}'`
          : `keep '${f.name}' at about 1/5 of the character repeats`;
      });
      return {
        symptom, label,
        causes: ["real body images don't match the character", 'conflicting body shapes in the dataset'],
        dataset: [
          'curate body images to match the character type (height, build)',
          `add character full-body shots: 40 or more (character images: ${charImages})`,
          ...lines,
        ],
        meanwhile: [],
        config: [],
      };
    }
  }
}

/** Apply the config part of an advice to the project's config section. */
export function applyAdvice(section: ConfigSection, advice: Advice): ConfigSection {
  return applyChanges(section, advice.config);
}

export function describeChange(ch: ConfigChange): string {
  const f = (v: number | undefined) => (v === undefined ? '—' : ch.field === 'lr' ? formatLr(v) : String(v));
  return `${ch.field}: ${f(ch.from)} → ${f(ch.to)}`;
}
