import { stripAnsi } from '../text/sanitize.js';
import { barDescription, barLrText, barTimes, findBar, parseNumber, type BarMatch, type BarTimes } from './bar.js';
import type { Phase, TrainingEvent } from './events.js';

/**
 * Streaming parser for ai-toolkit's console output (reference/ai-toolkit.md §1): bytes in, typed
 * events out. Feed it any chunking of the bytes (a UTF-8 character or a line may be split between
 * chunks); the events are the same.
 *
 * The log is split on `\r` and `\n` (tqdm redraws with `\r`, §1.3), control codes are dropped, and
 * the training bar is told apart from every other tqdm bar (§1.10) by its description (the job
 * name) or by its `lr: … loss: …` postfix.
 */
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
  };
}

/** `_000000250.safetensors`, also Wan 2.2's `_high_noise`/`_low_noise` pairs (§2). */
const STEP_IN_NAME = /_(\d{9})(?:_(?:high|low)_noise)?\.[a-z]+$/;

/** Descriptions of the other bars ai-toolkit and its libraries draw (§1.10). */
const OTHER_BARS = /^(Caching |Generating |Attaching |Captioning |Loading checkpoint|Fetching |Downloading|Quantiz)/;
const OTHER_BAR_IN = /(Caching |Generating |Attaching |Captioning |Loading checkpoint|Fetching |Downloading|Quantiz)[^:]*$/;

/** Escape sequences and backspaces; a regex over every byte would cost more than the parse itself. */
function hasControl(text: string): boolean {
  return text.indexOf('\x1b') !== -1 || text.indexOf('\b') !== -1;
}
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[\x80-\xff]/;

/**
 * Bytes are read as latin1 (one char per byte, 3× faster than UTF-8 decoding and never split
 * mid-character): every anchor the parser looks for is ASCII. Texts that leave the parser go back
 * to UTF-8 here.
 */
function utf8(latin1: string): string {
  // Always a fresh string: a slice would keep the whole multi-megabyte chunk it came from alive
  // (V8 sliced strings), and the model keeps lines and paths for the whole run.
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

function latin1(text: string): string {
  return NON_ASCII.test(text) || /[^\x00-\x7f]/.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

export class LogParser {
  /** Job name in the parser's latin1 form. */
  private nameL: string | null = null;
  private dirty = false;
  private pendingDirty = false;
  /** Text after the last `\r`/`\n`: a bar redraw in progress, or a line still being written. */
  private pending = '';
  /** How much of `pending` was already read as complete bars (so a live bar shows at once). */
  private pendingDone = 0;
  /** Traceback lines being collected, and a finished one that a chained exception may extend. */
  private traceback: string[] | null = null;
  private finishedTb: string[] | null = null;
  private lastException: string | null = null;
  private errorMessage: string | null = null;
  private out: TrainingEvent[] = [];
  private scratch = {} as BarMatch;
  private times: BarTimes = { elapsed: null, eta: null, rate: null };
  private lrText: string | null = null;
  private lrValue: number | null = null;
  state: ParserState;

  constructor(opts: ParserOptions = {}, state?: ParserState) {
    this.state = state ? { ...state } : initialParserState(opts.jobName ?? null);
    if (opts.jobName) this.state.jobName = opts.jobName;
    this.nameL = this.state.jobName === null ? null : latin1(this.state.jobName);
  }

  private setName(name: string): void {
    this.state.jobName = name;
    this.nameL = latin1(name);
  }

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
      if (this.pending.length > 0) {
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
    if (start < text.length) {
      this.pending += text.slice(start);
      this.pendingDirty = this.dirty || (this.pendingDirty && this.pending.length > text.length - start);
      // A redraw arrives whole (tqdm writes `\r` + line in one go) but is only terminated by the
      // next redraw: read complete bars now so a live bar is never one redraw behind.
      this.pendingDone = this.bars(this.pendingDirty ? stripAnsi(this.pending) : this.pending, this.pendingDone, true);
    }
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
    const s = bar.s;
    const c = bar.count;
    if (st.total !== bar.total) st.total = bar.total;
    if (st.phase !== 'training') this.setPhase('training');
    let attributed = false;
    if (bar.lossStart !== -1) {
      // §1.3: each step redraws twice: set_postfix_str shows the NEW loss with the OLD count (count = k,
      // the 0-based step just run), then update() advances the count with the same loss. A new loss
      // text, or a same-count redraw right after an update redraw, is the next step's postfix redraw.
      const len = bar.lossEnd - bar.lossStart;
      const same = st.lossText !== null && st.lossText.length === len && s.startsWith(st.lossText, bar.lossStart);
      if ((!same || (c === st.prevCount && st.prevWasUpdate)) && c < bar.total) {
        const text = s.slice(bar.lossStart, bar.lossEnd);
        const loss = parseNumber(text);
        if (loss !== null) {
          const lrText = barLrText(bar);
          if (lrText !== this.lrText) {
            this.lrText = lrText;
            this.lrValue = parseNumber(lrText);
          }
          const lr = this.lrValue;
          st.lossText = text;
          st.lossStep = c;
          st.loss = loss;
          st.lr = lr;
          attributed = true;
          // §1.8: after `loss is nan` ai-toolkit zeroes the loss; that 0.000e+00 is not a real value.
          if (st.nanStep === c && loss === 0) st.nanStep = null;
          else if (Number.isFinite(loss)) this.emit({ type: 'loss', step: c, loss, lr: lr !== null && Number.isFinite(lr) ? lr : null });
          else this.emit({ type: 'nan', step: c, text: `loss: ${text}` });
        }
      }
    }
    const changed = c !== st.prevCount;
    st.prevWasUpdate = changed && st.prevCount >= 0 && !attributed;
    if (changed) {
      const t = barTimes(bar, this.times);
      // The bar's clock restarts when a run resumes (§1.9): keep the earlier runs' time.
      if (t.elapsed !== null) {
        if (st.lastElapsed !== null && (t.elapsed + 1 < st.lastElapsed || c < st.prevCount)) st.elapsedBase += st.lastElapsed;
        st.lastElapsed = t.elapsed;
      }
      st.prevCount = c;
      this.emit({
        type: 'progress',
        count: c,
        total: bar.total,
        loss: st.loss !== null && Number.isFinite(st.loss) ? st.loss : null,
        lossStep: st.lossStep,
        lr: st.lr !== null && Number.isFinite(st.lr) ? st.lr : null,
        rate: t.rate,
        elapsed: t.elapsed === null ? null : st.elapsedBase + t.elapsed,
        eta: t.eta,
      });
    }
  }

  private otherBar(d: string): void {
    if (d.startsWith('Caching')) this.setPhase('caching', d);
    else if (d.startsWith('Generating')) this.setPhase('sampling', d);
  }

  private setPhase(phase: Phase, detail?: string): void {
    if (this.state.phase === phase) return;
    this.state.phase = phase;
    this.emit(detail ? { type: 'phase', phase, detail } : { type: 'phase', phase });
  }

  /** A line of text that is not a bar. */
  private message(rawL: string): void {
    this.line(utf8(rawL));
  }

  private line(raw: string): void {
    const text = raw.trim();
    if (text === '') {
      if (this.traceback) this.traceback.push('');
      return;
    }
    this.emit({ type: 'line', text });
    if (this.traceback && this.tracebackLine(text, raw)) return;
    if (this.finishedTb) {
      // Chained exceptions print one traceback after another (§1.8 re-raise): keep them in one error.
      if (text.startsWith('During handling') || text.startsWith('The above exception')) {
        this.finishedTb.push('', text);
        return;
      }
      if (text.includes('Traceback (most recent call last)')) {
        this.traceback = this.finishedTb;
        this.finishedTb = null;
        this.traceback.push('', text.slice(text.indexOf('Traceback')));
        return;
      }
      this.flushError();
    }
    const st = this.state;
    let m: RegExpExecArray | null;
    if (text.startsWith('"name_or_path"') && st.phase === null) {
      // the process config echo (§1.2 step 2), printed before anything else
      m = /^"name_or_path":\s*"(.+)",?$/.exec(text);
      if (m) this.emit({ type: 'model', name: m[1] });
      return;
    }
    if (text.includes('Running job:')) {
      m = /Running job: (.+?)\s*$/.exec(text);
      if (m) {
        const name = m[1].replace(/\s*#*$/, '').trim();
        if (name) {
          this.setName(name);
          this.emit({ type: 'job', name });
        }
        this.setPhase('loading');
      }
      return;
    }
    if (text.includes('Saving at step')) {
      m = /Saving at step (\d+)/.exec(text);
      if (m) {
        st.savingStep = Number(m[1]);
        this.setPhase('saving');
      }
      // glued continuation on one line (a whole log on one line)
      if (!text.includes('Saved checkpoint to')) return;
    }
    if (text.includes('Saved checkpoint to')) {
      m = /Saved checkpoint to (.+?\.(?:safetensors|pt|ckpt|bin))(?=\s|$)/.exec(text) ?? /Saved checkpoint to (\S+)/.exec(text);
      if (m) {
        const path = m[1];
        const base = basename(path);
        const stepM = STEP_IN_NAME.exec(base);
        const final = !stepM && st.jobName !== null && base.startsWith(st.jobName + '.');
        // §1.7: the final save's files carry step == train.steps
        const step = stepM ? Number(stepM[1]) : final ? st.total : st.savingStep;
        if (final) st.sawFinalSave = true;
        st.savingStep = null;
        this.emit({ type: 'checkpoint', step, path, final });
      }
      const rest = m ? text.slice(text.indexOf(m[1]) + m[1].length) : '';
      if (rest.includes('Removing old save:')) this.line(rest);
      return;
    }
    if (text.includes('Removing old save:')) {
      const re = /Removing old save: (.+?\.(?:safetensors|pt|ckpt|bin|yaml))(?=\s|$)/g;
      let any = false;
      while ((m = re.exec(text))) {
        any = true;
        const stepM = STEP_IN_NAME.exec(basename(m[1]));
        this.emit({ type: 'removed', path: m[1], step: stepM ? Number(stepM[1]) : null });
      }
      if (!any && (m = /Removing old save: (\S+)/.exec(text))) this.emit({ type: 'removed', path: m[1], step: null });
      return;
    }
    if (text.includes('Error running job:')) {
      m = /Error running job: (.*)$/.exec(text);
      this.flushError();
      this.errorMessage = m ? m[1].trim() : text;
      return;
    }
    if (text.includes('OOM during training step') && text.includes('skipping batch')) {
      m = /skipping batch (\d+)\/(\d+)/.exec(text);
      // The step counter still advances past an OOM step (§1.8); the skipped step is the count shown now.
      const step = st.prevCount >= 0 ? st.prevCount : null;
      this.emit({ type: 'oom', attempt: m ? Number(m[1]) : 1, of: m ? Number(m[2]) : 3, step });
      return;
    }
    if (/\bloss is nan\b/i.test(text)) {
      // printed inside the step, before its postfix redraw (§1.8): the step is the count shown now
      st.nanStep = st.prevCount >= 0 ? st.prevCount : null;
      this.emit({ type: 'nan', step: st.nanStep, text });
      return;
    }
    if (text.includes('Traceback (most recent call last)')) {
      this.traceback = [text.slice(text.indexOf('Traceback'))];
      return;
    }
    if (/- [1-9]\d* failures?\b/.test(text)) {
      st.sawFailureBanner = true;
      return;
    }
    if (/(^|\s)Job stopped\s*$/.test(text)) {
      this.flushError();
      this.emit({ type: 'stopped' });
      return;
    }
    if (text.includes('RESUMING FROM')) {
      // §1.9: `#### IMPORTANT RESUMING FROM <path> ####`; the step is in the file name
      const p = /RESUMING FROM (.+?\.(?:safetensors|pt))/.exec(text);
      const stepM = p ? STEP_IN_NAME.exec(basename(p[1])) : null;
      this.emit({ type: 'resume', step: stepM ? Number(stepM[1]) : null, path: p ? p[1] : null });
      return;
    }
    if (/^(Caching latents|Caching text.?embeddings|Caching embeddings)/.test(text)) {
      this.setPhase('caching', text);
      return;
    }
    if (/Generating (baseline samples|first sample)|Sampling at step \d+/.test(text)) {
      this.setPhase('sampling', text);
      return;
    }
    if (/^(Loading (.+ )?model|Loading transformer|Quantizing|Loading VAE|Loading T5|Loading CLIP|Making pipe|Preparing Model)/.test(text)) {
      this.setPhase('loading', text);
    }
  }

  /** Inside a traceback: returns false when the line is not part of it (an interleaved warning). */
  private tracebackLine(text: string, raw: string): boolean {
    const tb = this.traceback!;
    if (/^\s/.test(raw) || text.startsWith('File "') || text.startsWith('Traceback') || text.startsWith('During handling') || text.startsWith('The above exception')) {
      tb.push(raw.replace(/\s+$/, ''));
      return true;
    }
    // `ExcType: message` (or a bare `KeyboardInterrupt`) ends the traceback.
    const head = text.split(':')[0];
    if (/^[A-Za-z_][\w.]*$/.test(head) && (text.length === head.length || text[head.length] === ':')) {
      tb.push(text);
      this.traceback = null;
      this.finishedTb = tb;
      this.lastException = text;
      return true;
    }
    return false;
  }

  /** Emit the error collected so far (message from `Error running job:`, traceback from Python). */
  private flushError(): void {
    const tb = this.finishedTb ?? this.traceback;
    if (this.errorMessage === null && tb === null) return;
    if (this.errorMessage === null && this.finishedTb === null) return; // an unfinished traceback waits for its end
    const traceback = dedupeBlocks(tb ?? []);
    const message = this.errorMessage ?? this.lastException ?? traceback[traceback.length - 1] ?? 'error';
    this.emit({ type: 'error', message, traceback });
    this.errorMessage = null;
    this.finishedTb = null;
    this.traceback = null;
    this.lastException = null;
  }

  private emit(e: TrainingEvent): void {
    this.out.push(e);
  }
}

/** File name of a POSIX or Windows path. */
export function basename(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i === -1 ? path : path.slice(i + 1);
}

/** Parse a whole log at once. */
export function parseLog(text: string | Buffer, opts: ParserOptions = {}): TrainingEvent[] {
  const p = new LogParser(opts);
  return [...p.push(text), ...p.end()];
}

/** Drop traceback blocks that repeat an earlier block word for word (a trace printed twice). */
function dedupeBlocks(lines: string[]): string[] {
  const blocks: string[][] = [];
  for (const l of lines) {
    if (l.startsWith('Traceback') || blocks.length === 0) blocks.push([]);
    blocks[blocks.length - 1].push(l);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const b of blocks) {
    const body = b.filter((l) => l.trim() !== '');
    const key = body.join('\n');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(...b);
  }
  while (out.length > 0 && out[out.length - 1].trim() === '') out.pop();
  return out;
}
