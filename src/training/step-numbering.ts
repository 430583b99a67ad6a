import type { ParserState } from './parser-state.js';

export type { Numbering } from './parser-state.js';

/**
 * Which step a training-bar count stands for. Within a step ai-toolkit draws the step's loss
 * (set_postfix_str), then saves and samples, then advances the bar (BaseSDTrainProcess.py). Up to
 * commit 27a03a91 it advanced with `update(step - n)`, so the bar lagged one step behind (`299/3000`
 * right before `Saving at step 300`); since then with `update(step + 1 - n)` (`300/3000`). Pods run
 * both, and the log does not say which: it is read from the stream.
 *
 *  - current: the loss of 0-based step k is drawn at count k.
 *  - legacy: the bar's first step S is drawn at count S (update(0) leaves it there), every later
 *    step k at count k - 1.
 *
 * The first two losses of a bar tell them apart (legacy draws both at the same count); a
 * `Saving at step N` right after a loss confirms or corrects it.
 */
/** 0-based step of a loss (or an in-step message) drawn at bar count c. */
export function stepAtCount(st: ParserState, c: number): number {
  return st.numbering === 'legacy' && st.barLosses > 0 ? c + 1 : c;
}

/** Completed steps at bar count c, the same under both numberings (legacy ends at `total - 1`). */
export function completedAtCount(st: ParserState, c: number, total: number): number {
  return st.numbering === 'legacy' && st.barLosses > 0 ? Math.min(c + 1, total) : c;
}

/** A postfix redraw with a new loss at count c: call before stepAtCount for it. */
export function noteLoss(st: ParserState, c: number): void {
  if (st.barLosses === 0) st.barFirstCount = c;
  else if (st.barLosses === 1 && st.numbering === null) st.numbering = c === st.barFirstCount ? 'legacy' : 'current';
  st.lossCount = c;
}

/** After the loss was attributed (so the bar's first loss is step S under both numberings). */
export function lossTaken(st: ParserState): void {
  st.barLosses++;
}

/** `Saving at step N`: decisive when the last redraw carried that step's loss (no OOM in between). */
export function noteSave(st: ParserState, n: number): void {
  if (st.lossCount === null || st.lossCount !== st.prevCount || st.barLosses < 2) return;
  if (st.prevCount === n) st.numbering = 'current';
  else if (st.prevCount === n - 1) st.numbering = 'legacy';
}

/** A skipped (OOM) step draws no loss: the count that follows says nothing about numbering. */
export function noteSkippedStep(st: ParserState): void {
  st.lossCount = null;
}

/** A new bar (a new process, or the count going back on resume): numbering is read afresh. */
export function newBar(st: ParserState): void {
  st.barLosses = 0;
  st.barFirstCount = null;
  st.lossCount = null;
  st.numbering = null;
}
