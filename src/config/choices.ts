import type { ConfigSection } from '../project/sections/config.js';
import { applyChanges, type ChangeField } from './changes.js';
import { lengthText } from './length.js';
import { limitText, LIMITS, withinLimit, type LimitedField } from './limits.js';
import { DEFAULT_PRESET, findPreset, PRESETS, type Preset, type VramTier } from './presets.js';
import type { StepMath } from './step-math.js';

/**
 * The user's choices for a config, resolved against the preset, plus a pure reducer the Config screen
 * uses to step values with the keyboard. Only what the user changed is stored in the project file;
 * the rest follows the preset.
 */

export interface Choices {
  preset: Preset;
  vram: VramTier;
  rank: number;
  alpha: number;
  lr: number;
  /** Exactly one of epochs/steps, or neither (the preset's recommended length, in whole epochs). */
  epochs?: number;
  steps?: number;
  resolution: number[];
  batchSize: number;
  gradientAccumulation: number;
  captionDropout: number;
  prompts?: string[];
}

export const DEFAULT_RESOLUTION = [1024];
export const DEFAULT_CAPTION_DROPOUT = 0.05;

export function resolveChoices(section: ConfigSection, projectPreset?: string): Choices {
  const preset = findPreset(section.preset ?? projectPreset) ?? findPreset(DEFAULT_PRESET)!;
  const rank = section.rank ?? preset.rank;
  return {
    preset,
    vram: section.vram ?? 48,
    rank,
    // alpha = rank keeps the LoRA's effective scale at 1 (ai-toolkit's UI does the same).
    alpha: section.alpha ?? rank,
    lr: section.lr ?? preset.lr,
    epochs: section.steps === undefined ? section.epochs : undefined,
    steps: section.steps,
    resolution: normaliseResolution(section.resolution ?? DEFAULT_RESOLUTION),
    batchSize: section.batchSize ?? 1,
    gradientAccumulation: section.gradientAccumulation ?? 1,
    captionDropout: section.captionDropout ?? DEFAULT_CAPTION_DROPOUT,
    prompts: section.prompts,
  };
}

/** Sorted, de-duplicated: `[1024, 1024]` would silently train every image twice per epoch. */
export function normaliseResolution(values: readonly number[]): number[] {
  return [...new Set(values.map((v) => Math.round(v)).filter((v) => v > 0))].sort((a, b) => a - b);
}

/** `1024`, `512,768,1024` or `512 1024`: whole sizes of 64 or more, normalised; null when not that. */
export function parseResolution(text: string): number[] | null {
  const list = text.split(/[,\s]+/).filter(Boolean).map(Number);
  if (list.length === 0 || list.length > 8 || list.some((n) => !withinLimit(n, LIMITS.resolution))) return null;
  return normaliseResolution(list);
}

/** Back to the project section: store what the user set, nothing derived. */
export function choicesToSection(c: Choices, previous: ConfigSection = {}): ConfigSection {
  const out: ConfigSection = {
    ...previous,
    preset: c.preset.id,
    vram: c.vram,
    rank: c.rank,
    alpha: c.alpha,
    lr: c.lr,
    resolution: c.resolution,
    batchSize: c.batchSize,
    gradientAccumulation: c.gradientAccumulation,
    captionDropout: c.captionDropout,
  };
  delete out.epochs;
  delete out.steps;
  if (c.steps !== undefined) out.steps = c.steps;
  else if (c.epochs !== undefined) out.epochs = c.epochs;
  if (c.prompts) out.prompts = c.prompts;
  return out;
}

// ---- keyboard stepping (the Config screen) ----

export const FIELDS = ['preset', 'vram', 'rank', 'alpha', 'lr', 'length', 'resolution', 'batchSize', 'gradientAccumulation', 'captionDropout'] as const;
export type Field = (typeof FIELDS)[number];

export const FIELD_LABELS: Record<Field, string> = {
  preset: 'Model',
  vram: 'GPU',
  rank: 'Rank',
  alpha: 'Alpha',
  lr: 'LR',
  length: 'Length',
  resolution: 'Resolution',
  batchSize: 'Batch',
  gradientAccumulation: 'Grad accum',
  captionDropout: 'Cap dropout',
};

const RANKS = [4, 8, 12, 16, 24, 32, 48, 64, 96, 128];
const LRS = [1e-5, 2e-5, 3e-5, 5e-5, 7.5e-5, 1e-4, 1.5e-4, 2e-4, 3e-4, 4e-4, 5e-4];
const RESOLUTION_SETS = [[512], [768], [1024], [768, 1024], [512, 1024], [512, 768, 1024], [1024, 1280], [1280], [1536]];
const DROPOUTS = [0, 0.02, 0.05, 0.1, 0.15, 0.2];
const STEP_CHOICES = [500, 1000, 1500, 2000, 2500, 3000, 3400, 4000, 5000, 6000, 8000, 10000, 15000, 20000];

function stepIn(list: readonly number[], value: number, dir: 1 | -1): number {
  if (dir > 0) return list.find((v) => v > value + 1e-12) ?? list[list.length - 1];
  return [...list].reverse().find((v) => v < value - 1e-12) ?? list[0];
}

/** Change one field by one notch: ←/→ on the screen. Pure. */
export function stepChoice(c: Choices, field: Field, dir: 1 | -1): Choices {
  switch (field) {
    case 'preset': {
      const i = PRESETS.indexOf(c.preset);
      const preset = PRESETS[(i + dir + PRESETS.length) % PRESETS.length];
      // A new model brings its own recommended rank and lr; alpha follows rank.
      return { ...c, preset, rank: preset.rank, alpha: preset.rank, lr: preset.lr };
    }
    case 'vram':
      return { ...c, vram: c.vram === 48 ? 24 : 48 };
    case 'rank': {
      const rank = stepIn(RANKS, c.rank, dir);
      return { ...c, rank, alpha: c.alpha === c.rank ? rank : c.alpha };
    }
    case 'alpha':
      return { ...c, alpha: stepIn(RANKS.filter((r) => r <= Math.max(128, c.rank)), c.alpha, dir) };
    case 'lr':
      return { ...c, lr: stepIn(LRS, c.lr, dir) };
    case 'length':
      if (c.steps !== undefined) return { ...c, steps: stepIn(STEP_CHOICES, c.steps, dir) };
      return { ...c, epochs: Math.max(1, Math.min(100, Math.round((c.epochs ?? 10) + dir))) };
    case 'resolution': {
      const key = c.resolution.join(',');
      const i = RESOLUTION_SETS.findIndex((r) => r.join(',') === key);
      const next = RESOLUTION_SETS[i < 0 ? 2 : (i + dir + RESOLUTION_SETS.length) % RESOLUTION_SETS.length];
      return { ...c, resolution: [...next] };
    }
    case 'batchSize':
      return { ...c, batchSize: Math.max(1, Math.min(16, c.batchSize + dir)) };
    case 'gradientAccumulation':
      return { ...c, gradientAccumulation: Math.max(1, Math.min(16, c.gradientAccumulation + dir)) };
    case 'captionDropout':
      return { ...c, captionDropout: stepIn(DROPOUTS, c.captionDropout, dir) };
  }
}

/** Switch the run length between epochs and steps (the screen's `e` key), keeping the same length. */
export function toggleLengthMode(c: Choices, totalSteps: number, stepsPerEpoch: number): Choices {
  if (c.steps !== undefined) return { ...c, steps: undefined, epochs: Math.max(1, Math.round(totalSteps / stepsPerEpoch)) };
  return { ...c, epochs: undefined, steps: totalSteps };
}

export function formatLr(lr: number): string {
  return lr.toExponential(1).replace('e-', 'e-').replace('.0e', 'e');
}

/** The value of a field as the Config screen shows it; the length needs the step math of these choices. */
export function formatChoice(c: Choices, field: Field, math: Pick<StepMath, 'totalSteps'>): string {
  switch (field) {
    case 'preset':
      return c.preset.label;
    case 'vram':
      return c.vram === 48 ? '48 GB L40S' : '24 GB';
    case 'rank':
      return String(c.rank);
    case 'alpha':
      return c.alpha === c.rank ? `${c.alpha} (= rank)` : String(c.alpha);
    case 'lr':
      return formatLr(c.lr);
    case 'length':
      return lengthText(c, math);
    case 'resolution':
      return c.resolution.join(', ');
    case 'batchSize':
      return String(c.batchSize);
    case 'gradientAccumulation':
      return String(c.gradientAccumulation);
    case 'captionDropout':
      return String(c.captionDropout);
  }
}

/** Apply config changes from tuning advice to the choices. */
export function withChanges(c: Choices, changes: ReadonlyArray<{ field: ChangeField; to: number }>): Choices {
  return applyChanges(c, changes);
}

/** Fields that take a typed value (enter on the Config screen). */
export const TYPED_FIELDS: readonly Field[] = ['rank', 'alpha', 'lr', 'length', 'resolution', 'batchSize', 'gradientAccumulation', 'captionDropout'];

/**
 * A typed value for a field: `3400` or `3400 steps` / `8 epochs` for the length, `512,1024` for the
 * resolution, `1e-4` or `0.0001` for lr. Returns the new choices or what is wrong with the input.
 */
export function typeChoice(c: Choices, field: Field, input: string): { ok: true; choices: Choices } | { ok: false; message: string } {
  const text = input.trim().toLowerCase();
  const num = Number(text);
  const typed = (f: LimitedField, label: string, next: (n: number) => Choices) =>
    withinLimit(num, LIMITS[f]) ? { ok: true as const, choices: next(num) } : { ok: false as const, message: `${label} takes ${limitText(LIMITS[f])}` };
  switch (field) {
    case 'rank':
      return typed('rank', 'rank', (rank) => ({ ...c, rank, alpha: c.alpha === c.rank ? rank : c.alpha }));
    case 'alpha':
      return typed('alpha', 'alpha', (alpha) => ({ ...c, alpha }));
    case 'lr':
      return typed('lr', 'lr', (lr) => ({ ...c, lr }));
    case 'batchSize':
      return typed('batchSize', 'batch size', (batchSize) => ({ ...c, batchSize }));
    case 'gradientAccumulation':
      return typed('gradientAccumulation', 'gradient accumulation', (gradientAccumulation) => ({ ...c, gradientAccumulation }));
    case 'captionDropout':
      return typed('captionDropout', 'caption dropout', (captionDropout) => ({ ...c, captionDropout }));
    case 'resolution': {
      const resolution = parseResolution(text);
      return resolution ? { ok: true, choices: { ...c, resolution } } : { ok: false, message: 'resolution takes sizes like 1024 or 512,768,1024' };
    }
    case 'length': {
      const m = /^(\d+(?:\.\d+)?)\s*(e|ep|epoch|epochs|s|step|steps)?$/.exec(text);
      if (!m) return { ok: false, message: "length takes '3400 steps' or '8 epochs'" };
      const n = Number(m[1]);
      const unit = m[2]?.startsWith('e') ? 'epochs' : m[2]?.startsWith('s') ? 'steps' : c.steps !== undefined ? 'steps' : 'epochs';
      const limit = LIMITS[unit];
      if (!withinLimit(n, limit)) return { ok: false, message: `${unit} take ${limitText(limit)}` };
      return { ok: true, choices: unit === 'steps' ? { ...c, steps: n, epochs: undefined } : { ...c, epochs: n, steps: undefined } };
    }
    default:
      return { ok: false, message: 'choose this one with ←/→' };
  }
}
