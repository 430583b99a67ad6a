import { buildNoteLines, EPOCH_READINGS_TITLE, epochReadingLines, stepMathLines, type TextLine } from '../../src/config/build-text.js';
import type { BuildResult } from '../../src/config/builder.js';
import type { Choices } from '../../src/config/choices.js';
import { findingFix, findingTitle } from '../../src/config/lint-text.js';
import type { LintResult } from '../../src/config/lint.js';
import { adviceConfigText, causesText } from '../../src/config/tuning-text.js';
import { SYMPTOM_LABELS, SYMPTOMS, type Advice } from '../../src/config/tuning.js';
import { glyph } from '../../src/text/glyphs.js';
import { wrapHanging } from '../../src/text/wrap.js';

export type Tab = 'yaml' | 'lint' | 'math' | 'tune';

export interface PaneInput {
  result: BuildResult;
  lint: LintResult;
  advice: Advice;
  choices: Choices;
  symptom: number;
  width: number;
}

const wrapped = (text: string, width: number, tone?: TextLine['tone']): TextLine[] => wrapHanging(text, width).map((t) => ({ text: t, tone }));

/** The right pane's lines for a tab, wrapped to its width (so it scrolls by whole lines). */
export function paneLines(tab: Tab, d: PaneInput): TextLine[] {
  if (tab === 'yaml') return d.result.yaml.split('\n').map((t) => ({ text: t, tone: t.trimStart().startsWith('#') ? 'muted' : undefined }));
  if (tab === 'lint') return lintLines(d);
  if (tab === 'math') return mathLines(d);
  return tuneLines(d);
}

function lintLines(d: PaneInput): TextLine[] {
  if (d.lint.findings.length === 0) return [{ text: `${glyph.success} no findings: this config loads as written`, tone: 'success' }];
  return d.lint.findings.flatMap((f) => [
    { text: `${f.line}:${f.column}: ${findingTitle(f)}`, tone: f.severity, bold: true } as TextLine,
    ...wrapHanging(f.message, d.width - 2).map((t) => ({ text: `  ${t}` })),
    ...wrapHanging(findingFix(f), d.width - 2).map((t): TextLine => ({ text: `  ${t}`, tone: 'muted' })),
  ]);
}

function mathLines(d: PaneInput): TextLine[] {
  return [
    ...stepMathLines(d.result).map((text) => ({ text })),
    { text: '' },
    { text: EPOCH_READINGS_TITLE, bold: true },
    ...epochReadingLines(d.result).flatMap((t) => wrapped(t, d.width)),
    { text: '' },
    ...buildNoteLines(d.result, d.choices).flatMap((l) => wrapped(l.text, d.width, l.tone)),
  ];
}

function tuneLines(d: PaneInput): TextLine[] {
  const a = d.advice;
  return [
    { text: 'What do the samples show? (↑/↓, enter applies the config part)', tone: 'muted' },
    ...SYMPTOMS.map((s, i): TextLine => ({ text: `${i === d.symptom ? glyph.pointer : ' '} ${SYMPTOM_LABELS[s]}`, tone: i === d.symptom ? 'accent' : undefined, bold: i === d.symptom })),
    { text: '' },
    ...wrapped(causesText(a), d.width),
    ...a.dataset.flatMap((t) => wrapped(`dataset: ${t}`, d.width)),
    ...a.meanwhile.flatMap((t) => wrapped(`meanwhile: ${t}`, d.width)),
    ...wrapped(adviceConfigText(a), d.width, a.config.length > 0 ? 'accent' : 'muted'),
  ];
}
