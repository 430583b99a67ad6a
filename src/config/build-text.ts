import { epochsText } from '../text/epochs.js';
import { formatCount } from '../text/format.js';
import { glyph } from '../text/glyphs.js';
import type { BuildResult } from './builder.js';
import { formatLr, type Choices } from './choices.js';
import { lengthText } from './length.js';
import { describeCadence } from './step-math.js';

/**
 * The words for a built config, the same on every face: the command prints these lines, the Config
 * screen draws them (the tone is for colour only; the glyph carries the meaning without it).
 */

export type Tone = 'error' | 'warning' | 'info' | 'success' | 'muted' | 'accent';

export interface TextLine {
  text: string;
  tone?: Tone;
  bold?: boolean;
}

/** One line with every choice, the run length as the step math computed it. */
export function choicesLine(c: Choices, result: Pick<BuildResult, 'math'>): string {
  return [
    `${c.preset.label} (${c.preset.nameOrPath})`,
    `rank ${c.rank}`,
    `alpha ${c.alpha}`,
    `lr ${formatLr(c.lr)}`,
    `batch ${c.batchSize} × grad accum ${c.gradientAccumulation}`,
    `resolution ${c.resolution.join(',')}`,
    `length ${lengthText(c, result.math)}`,
  ].join(` ${glyph.separator} `);
}

/** The step math, folder by folder, then the totals and the checkpoint cadence. */
export function stepMathLines(result: Pick<BuildResult, 'math'>): string[] {
  const m = result.math;
  const lines: string[] = [];
  for (const f of m.folders) {
    lines.push(`  ${f.rel || '.'}: ${formatCount(f.images)} images × ${f.repeats} repeats${m.flips > 1 ? ` × ${m.flips} flips` : ''}${m.resolutions > 1 ? ` × ${m.resolutions} resolutions` : ''} = ${formatCount(f.perEpoch)}`);
  }
  lines.push(`images per epoch  ${formatCount(m.imagesPerEpoch)}`);
  lines.push(`steps per epoch   ${formatCount(m.stepsPerEpoch)}`);
  lines.push(`total steps       ${formatCount(m.totalSteps)} (${epochsText(m.epochs)})`);
  lines.push(`checkpoints       ${describeCadence(m)}; ${m.saveSteps.length} step saves + final, keep ${m.keep}`);
  return lines;
}

/** The step math in four short lines, for a narrow pane. */
export function compactMathLines(result: Pick<BuildResult, 'math' | 'vramNote'>): string[] {
  const m = result.math;
  return [
    `${formatCount(m.imagesPerEpoch)} img/epoch ${glyph.arrow} ${formatCount(m.stepsPerEpoch)} steps/epoch`,
    `${formatCount(m.totalSteps)} steps = ${epochsText(m.epochs)}`,
    `save+sample every ${formatCount(m.saveEvery)} ${glyph.separator} keep ${m.keep}`,
    `VRAM ${result.vramNote}`,
  ];
}

export const EPOCH_READINGS_TITLE = 'Two readings of "epoch" (the guide uses both):';

/** ai-toolkit's epoch and the guide's, as bullets. */
export function epochReadingLines(result: Pick<BuildResult, 'math'>): string[] {
  const r = result.math.readings;
  return [`• ${r.toolkit.text}`, `• ${r.guide.text}`];
}

/** What to know about the build: GPU memory, the preset's notes, then the dataset notes with their severity. */
export function buildNoteLines(result: Pick<BuildResult, 'vramNote' | 'notes'>, c: Choices): TextLine[] {
  return [
    { text: `VRAM  ${result.vramNote}`, tone: 'muted' },
    ...c.preset.notes.map((n): TextLine => ({ text: `Note  ${n}`, tone: 'muted' })),
    ...result.notes.map((n): TextLine => ({ text: `${glyph[n.severity]} ${n.message}`, tone: n.severity })),
  ];
}
