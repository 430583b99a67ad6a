import type { Phase } from './events.js';

/** What the log parser remembers, and the text encoding it reads in (see parser.ts). */

/** How the training bar counts steps: see step-numbering.ts. */
export type Numbering = 'current' | 'legacy';

export interface ParserOptions {
  /** ai-toolkit's `config.name`; learned from the `Running job:` banner or the first loss bar otherwise. */
  jobName?: string;
}

/** Everything the parser remembers between chunks; plain data so a monitor can save and restore it. */
export interface ParserState {
  jobName: string | null;
  total: number | null;
  phase: Phase | null;
  /** Count shown by the previous training-bar redraw. */
  prevCount: number;
  /** The previous redraw advanced the count (tqdm's update redraw). */
  prevWasUpdate: boolean;
  /** Loss text last attributed to a step, and that step (0-based). */
  lossText: string | null;
  lossStep: number | null;
  loss: number | null;
  lr: number | null;
  /** Elapsed seconds of earlier runs in this log (the bar's clock restarts on resume). */
  elapsedBase: number;
  lastElapsed: number | null;
  /** `Saving at step N` seen, waiting for `Saved checkpoint to`. */
  savingStep: number | null;
  sawFailureBanner: boolean;
  sawFinalSave: boolean;
  /** Step of the last `loss is nan`, whose zeroed loss is not recorded. */
  nanStep: number | null;
  /** How the bar counts steps (step-numbering.ts); null until the stream has said. */
  numbering: Numbering | null;
  /** Losses drawn by the current bar, the count of its first, and the count of the latest. */
  barLosses: number;
  barFirstCount: number | null;
  lossCount: number | null;
}

export function initialParserState(jobName: string | null = null): ParserState {
  return {
    jobName,
    total: null,
    phase: null,
    prevCount: -1,
    prevWasUpdate: false,
    lossText: null,
    lossStep: null,
    loss: null,
    lr: null,
    elapsedBase: 0,
    lastElapsed: null,
    savingStep: null,
    sawFailureBanner: false,
    sawFinalSave: false,
    nanStep: null,
    numbering: null,
    barLosses: 0,
    barFirstCount: null,
    lossCount: null,
  };
}

const NON_ASCII = /[\x80-\xff]/;

/**
 * Bytes are read as latin1 (one char per byte, 3× faster than UTF-8 decoding and never split
 * mid-character): every anchor the parser looks for is ASCII. Texts that leave the parser go back
 * to UTF-8 here.
 */
export function utf8(latin1: string): string {
  // Always a fresh string: a slice would keep the whole multi-megabyte chunk it came from alive
  // (V8 sliced strings), and the model keeps lines and paths for the whole run.
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

export function latin1(text: string): string {
  return NON_ASCII.test(text) || /[^\x00-\x7f]/.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}
