import { stripAnsi } from '../text/sanitize.js';
import { barDescription, barLrText, barTimes, findBar, parseNumber, type BarMatch, type BarTimes } from './bar.js';
import type { TrainingEvent } from './events.js';
import { hasControl, OTHER_BAR_IN, OTHER_BARS } from './bar-kinds.js';
import { MAX_LINE } from './log-flags.js';
import { MessageParser } from './parser-messages.js';
import { latin1, utf8, type ParserOptions } from './parser-state.js';
import { completedAtCount, lossTaken, newBar, noteLoss, stepAtCount } from './step-numbering.js';

export { basename } from './parser-messages.js';
export type { ParserOptions, ParserState } from './parser-state.js';

/**
 * Streaming parser for ai-toolkit's console output (reference/ai-toolkit.md §1): bytes in, typed
 * events out. Feed it any chunking of the bytes (a UTF-8 character or a line may be split between
 * chunks); the events are the same.
 *
 * The log is split on `\r` and `\n` (tqdm redraws with `\r`, §1.3), control codes are dropped, and
 * the training bar is told apart from every other tqdm bar (§1.10) by its description (the job
 * name) or by its `lr: … loss: …` postfix.
 */

export class LogParser extends MessageParser {
  private dirty = false;
  private pendingDirty = false;
  /** Text after the last `\r`/`\n`: a bar redraw in progress, or a line still being written. */
  private pending = '';
  /** How much of `pending` was already read as complete bars (so a live bar shows at once). */
  private pendingDone = 0;
  /** The rest of a line already cut at MAX_LINE is dropped until its end. */
  private skipping = false;
  private scratch = {} as BarMatch;
  private times: BarTimes = { elapsed: null, eta: null, rate: null };
  private lrText: string | null = null;
  private lrValue: number | null = null;

  /**
   * Bytes held back at the end of the stream (a line or redraw not terminated yet). A snapshot is
   * taken at `offset - pendingBytes` so they are read again on restore; re-reading a bar the
   * state already counted changes nothing.
   */
  get pendingBytes(): number {
    return this.pending.length;
  }

  /** Parse a chunk; returns the events it completed. */
  push(chunk: Buffer | string): TrainingEvent[] {
    const text = typeof chunk === 'string' ? latin1(chunk) : chunk.toString('latin1');
    this.out = [];
    this.dirty = hasControl(text);
    this.scan(text);
    return this.out;
  }

  /** The stream ended: flush the last line and any error still collecting its traceback. */
  end(): TrainingEvent[] {
    this.out = [];
    this.dirty = false;
    if (this.pending.length > this.pendingDone) this.segment(this.pending, this.pendingDone);
    this.pending = '';
    this.pendingDone = 0;
    this.skipping = false;
    if (this.traceback && !this.finishedTb) {
      this.finishedTb = this.traceback;
      this.traceback = null;
    }
    this.flushError();
    return this.out;
  }

  /** A verdict from outside the log (the run's exit-code file). */
  finish(exitCode: number | null, source: 'exit-code' | 'log' = 'exit-code'): TrainingEvent[] {
    const events = this.end();
    events.push({ type: 'finished', exitCode, source });
    return events;
  }

  /** What the log itself says about how the run ended, when it says anything. */
  verdict(): { exitCode: number | null; ended: boolean } {
    if (this.state.sawFailureBanner) return { exitCode: 1, ended: true };
    if (this.state.sawFinalSave) return { exitCode: 0, ended: true };
    return { exitCode: null, ended: false };
  }

  private scan(text: string): void {
    let start = 0;
    let nextR = text.indexOf('\r');
    let nextN = text.indexOf('\n');
    while (nextR !== -1 || nextN !== -1) {
      const cut = nextR === -1 ? nextN : nextN === -1 ? nextR : Math.min(nextR, nextN);
      if (this.skipping) this.skipping = false;
      else if (this.pending.length > 0) {
        const seg = this.pending + text.slice(start, cut);
        const done = this.pendingDone;
        const dirty = this.dirty;
        this.dirty ||= this.pendingDirty;
        this.pending = '';
        this.pendingDone = 0;
        this.segment(seg, done);
        this.dirty = dirty;
      } else if (cut > start) {
        this.segmentIn(text, start, cut);
      }
      start = cut + 1;
      if (cut === nextR) nextR = text.indexOf('\r', start);
      else nextN = text.indexOf('\n', start);
    }
    if (start < text.length && !this.skipping) {
      this.pending += text.slice(start);
      this.pendingDirty = this.dirty || (this.pendingDirty && this.pending.length > text.length - start);
      // A redraw arrives whole (tqdm writes `\r` + line in one go) but is only terminated by the
      // next redraw: read complete bars now so a live bar is never one redraw behind.
      this.pendingDone = this.bars(this.pendingDirty ? stripAnsi(this.pending) : this.pending, this.pendingDone, true);
      if (this.pending.length > MAX_LINE) this.bound();
    }
  }

  /**
   * Memory stays bounded on a line that never ends: bars already read are dropped from it, and
   * what is left past MAX_LINE is not a bar (bars are short) but a message, cut there.
   */
  private bound(): void {
    const rest = (this.pendingDirty ? stripAnsi(this.pending) : this.pending).slice(this.pendingDone);
    this.pendingDone = 0;
    this.pendingDirty = false;
    if (rest.length <= MAX_LINE) {
      this.pending = Buffer.from(rest, 'latin1').toString('latin1'); // a copy: the slice would keep the whole line alive
      return;
    }
    this.pending = '';
    this.skipping = true;
    this.message(rest);
  }

  /** The line text[from, to) read in place: the common case, a redraw with nothing to strip. */
  private segmentIn(text: string, from: number, to: number): void {
    if (this.dirty) return this.segment(text.slice(from, to), 0);
    let at = this.bars(text, from, false, to);
    while (at < to && text.charCodeAt(at) === 32) at++;
    if (at < to) this.message(text.slice(at, to));
  }

  /** One line (between `\r`/`\n`), from `from` (earlier part already read as bars). */
  private segment(raw: string, from: number): void {
    const s = this.dirty ? stripAnsi(raw) : raw;
    let at = this.bars(s, from, false);
    // tqdm pads a shorter redraw with spaces: nothing to read there
    while (at < s.length && s.charCodeAt(at) === 32) at++;
    if (at < s.length) this.message(s.slice(at));
  }

  /**
   * Read the bars in `s` from `from`; returns where non-bar text starts. Text before a bar that is
   * not part of its description is a message (a whole log on one line); text glued after a bar's
   * `]` is a message too (§1.8: prints during a live bar have no leading newline).
   * With `onlyClosed`, stop at the first bar not closed by `]` (it may still be growing).
   */
  private bars(s: string, from: number, onlyClosed: boolean, limit = s.length): number {
    let at = from;
    for (;;) {
      const bar = findBar(s, at, this.scratch, limit);
      if (!bar) return at;
      if (onlyClosed && !bar.closed) return at;
      const descAt = this.trainingDescriptionAt(bar);
      if (descAt !== -1) {
        // text before the description: a pasted prefix, or an earlier message on the same line
        if (descAt > bar.from && s.slice(bar.from, descAt).trim() !== '') this.message(s.slice(bar.from, descAt));
        this.trainingBar(bar);
      } else {
        // Another bar: its description is a known one (§1.10); anything before it is text of its own.
        const desc = barDescription(bar);
        const m = OTHER_BAR_IN.exec(desc);
        const cut = m ? m.index : desc.length;
        if (cut > 0) this.message(desc.slice(0, cut));
        this.otherBar(desc.slice(cut));
      }
      at = bar.end;
      if (!bar.closed) return limit;
    }
  }

  /**
   * When the bar is the training bar, where its description starts (text before it belongs to
   * something else); -1 for any other bar. A number, not a string: this runs on every redraw.
   */
  private trainingDescriptionAt(bar: BarMatch): number {
    const name = this.nameL;
    const s = bar.s;
    if (name && bar.hasDesc) {
      // fast path: `<name>:` right before the percentage (spaces trimmed)
      let e = bar.descEnd;
      while (e > bar.from && s.charCodeAt(e - 1) === 32) e--;
      if (e - name.length >= bar.from && s.startsWith(name, e - name.length)) return e - name.length;
    }
    if (bar.lossStart !== -1) {
      // The postfix is decisive (§1.3). Learn the name from the first loss bar when no banner was seen.
      if (!name && bar.hasDesc) {
        const desc = barDescription(bar);
        const learned = desc.split(/\s+/).pop() ?? desc;
        this.setName(utf8(learned));
        this.emit({ type: 'job', name: this.state.jobName! });
        return Math.max(bar.from, s.lastIndexOf(learned, bar.descEnd));
      }
      // A description cut off at the start (`ora_v1`) or a different job's bar with a loss.
      return bar.descEnd;
    }
    // No postfix yet (the first redraws): a cut-off description that is the tail of the name.
    if (name && bar.hasDesc) {
      const desc = barDescription(bar);
      const tail = desc.split(/\s+/).pop() ?? '';
      if (tail.length >= 4 && !OTHER_BARS.test(desc) && name.endsWith(tail)) return Math.max(bar.from, s.lastIndexOf(tail, bar.descEnd));
    }
    return -1;
  }

  private trainingBar(bar: BarMatch): void {
    const st = this.state;
    if (st.total !== bar.total) st.total = bar.total;
    if (st.phase !== 'training') this.setPhase('training');
    // the count went back: a resumed run's bar, which may count the other way
    if (bar.count < st.prevCount) newBar(st);
    const attributed = bar.lossStart !== -1 && this.postfixLoss(bar);
    const c = bar.count;
    const changed = c !== st.prevCount;
    st.prevWasUpdate = changed && st.prevCount >= 0 && !attributed;
    if (changed) this.progress(bar);
  }

  /**
   * §1.3: each step redraws twice: set_postfix_str shows the NEW loss with the OLD count (count = k,
   * the 0-based step just run), then update() advances the count with the same loss. A new loss
   * text, or a same-count redraw right after an update redraw, is the next step's postfix redraw.
   * Returns whether this redraw's loss was attributed to a step.
   */
  private postfixLoss(bar: BarMatch): boolean {
    const st = this.state;
    const s = bar.s;
    const c = bar.count;
    const len = bar.lossEnd - bar.lossStart;
    const same = st.lossText !== null && st.lossText.length === len && s.startsWith(st.lossText, bar.lossStart);
    // a redraw at the end (count == total, or total - 1 on a legacy bar: close()) has no new step
    if ((same && !(c === st.prevCount && st.prevWasUpdate)) || stepAtCount(st, c) >= bar.total) return false;
    const text = s.slice(bar.lossStart, bar.lossEnd);
    const loss = parseNumber(text);
    if (loss === null) return false;
    const lrText = barLrText(bar);
    if (lrText !== this.lrText) {
      this.lrText = lrText;
      this.lrValue = parseNumber(lrText);
    }
    const lr = this.lrValue;
    noteLoss(st, c);
    const step = stepAtCount(st, c);
    lossTaken(st);
    st.lossText = text;
    st.lossStep = step;
    st.loss = loss;
    st.lr = lr;
    // §1.8: after `loss is nan` ai-toolkit zeroes the loss; that 0.000e+00 is not a real value.
    if (st.nanStep === step && loss === 0) st.nanStep = null;
    else if (Number.isFinite(loss)) this.emit({ type: 'loss', step, loss, lr: lr !== null && Number.isFinite(lr) ? lr : null });
    else this.emit({ type: 'nan', step, text: `loss: ${text}` });
    return true;
  }

  /** The count moved: a progress event, with the clock carried across resumes. */
  private progress(bar: BarMatch): void {
    const st = this.state;
    const c = bar.count;
    const t = barTimes(bar, this.times);
    // The bar's clock restarts when a run resumes (§1.9): keep the earlier runs' time.
    if (t.elapsed !== null) {
      if (st.lastElapsed !== null && (t.elapsed + 1 < st.lastElapsed || c < st.prevCount)) st.elapsedBase += st.lastElapsed;
      st.lastElapsed = t.elapsed;
    }
    st.prevCount = c;
    this.emit({
      type: 'progress',
      count: completedAtCount(st, c, bar.total),
      total: bar.total,
      loss: st.loss !== null && Number.isFinite(st.loss) ? st.loss : null,
      lossStep: st.lossStep,
      lr: st.lr !== null && Number.isFinite(st.lr) ? st.lr : null,
      rate: t.rate,
      elapsed: t.elapsed === null ? null : st.elapsedBase + t.elapsed,
      eta: t.eta,
    });
  }

  private otherBar(d: string): void {
    if (d.startsWith('Caching')) this.setPhase('caching', d);
    else if (d.startsWith('Generating')) this.setPhase('sampling', d);
  }
}

/** Parse a whole log at once. */
export function parseLog(text: string | Buffer, opts: ParserOptions = {}): TrainingEvent[] {
  const p = new LogParser(opts);
  return [...p.push(text), ...p.end()];
}
