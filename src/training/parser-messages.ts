import type { Phase, TrainingEvent } from './events.js';
import { lineCutEvent, MAX_LINE } from './log-flags.js';
import { newBar, noteSave, noteSkippedStep, stepAtCount } from './step-numbering.js';
import { initialParserState, latin1, utf8, type ParserOptions, type ParserState } from './parser-state.js';

/** `_000000250.safetensors`, also Wan 2.2's `_high_noise`/`_low_noise` pairs (§2). */
const STEP_IN_NAME = /_(\d{9})(?:_(?:high|low)_noise)?\.[a-z]+$/;

const stepInName = (path: string): number | null => {
  const m = STEP_IN_NAME.exec(basename(path));
  return m ? Number(m[1]) : null;
};

/**
 * The log's lines that are not bars (reference/ai-toolkit.md §1): the job banner, saves, errors and
 * their tracebacks, OOM skips, NaN, resume, stop, and the phase a line announces. LogParser (parser.ts)
 * adds the bars on top. Each reader takes a trimmed line and says whether it was its kind of line.
 */
export class MessageParser {
  /** Job name in the parser's latin1 form. */
  protected nameL: string | null = null;
  protected out: TrainingEvent[] = [];
  /** Traceback lines being collected, and a finished one that a chained exception may extend. */
  protected traceback: string[] | null = null;
  protected finishedTb: string[] | null = null;
  private lastException: string | null = null;
  private errorMessage: string | null = null;
  state: ParserState;

  constructor(opts: ParserOptions = {}, state?: ParserState) {
    // a snapshot saved by an earlier version lacks the newer fields: they start at their defaults
    this.state = { ...initialParserState(opts.jobName ?? null), ...state };
    if (opts.jobName) this.state.jobName = opts.jobName;
    this.nameL = this.state.jobName === null ? null : latin1(this.state.jobName);
  }

  protected setName(name: string): void {
    this.state.jobName = name;
    this.nameL = latin1(name);
  }

  protected setPhase(phase: Phase, detail?: string): void {
    if (this.state.phase === phase) return;
    this.state.phase = phase;
    this.emit(detail ? { type: 'phase', phase, detail } : { type: 'phase', phase });
  }

  protected emit(e: TrainingEvent): void {
    this.out.push(e);
  }

  /** A line of text that is not a bar, in the parser's latin1 form. */
  protected message(rawL: string): void {
    if (rawL.length <= MAX_LINE) return this.line(utf8(rawL));
    this.emit(lineCutEvent());
    this.line(utf8(rawL.slice(0, MAX_LINE)) + ' …');
  }

  protected line(raw: string): void {
    const text = raw.trim();
    if (text === '') {
      if (this.traceback) this.traceback.push('');
      return;
    }
    this.emit({ type: 'line', text });
    if (this.traceback && this.tracebackLine(text, raw)) return;
    if (this.finishedTb && this.chainedException(text)) return;
    void (
      this.configEcho(text) ||
      this.runningJob(text) ||
      this.checkpointSaved(text) ||
      this.oldSaveRemoved(text) ||
      this.jobError(text) ||
      this.oomSkip(text) ||
      this.nanLoss(text) ||
      this.tracebackStart(text) ||
      this.failureBanner(text) ||
      this.jobStopped(text) ||
      this.resumed(text) ||
      this.phaseLine(text)
    );
  }

  /** Chained exceptions print one traceback after another (§1.8 re-raise): keep them in one error. */
  private chainedException(text: string): boolean {
    const tb = this.finishedTb!;
    if (text.startsWith('During handling') || text.startsWith('The above exception')) {
      tb.push('', text);
      return true;
    }
    if (text.includes('Traceback (most recent call last)')) {
      this.traceback = tb;
      this.finishedTb = null;
      tb.push('', text.slice(text.indexOf('Traceback')));
      return true;
    }
    this.flushError();
    return false;
  }

  /** The process config echo (§1.2 step 2), printed before anything else. */
  private configEcho(text: string): boolean {
    if (!text.startsWith('"name_or_path"') || this.state.phase !== null) return false;
    const m = /^"name_or_path":\s*"(.+)",?$/.exec(text);
    if (m) this.emit({ type: 'model', name: m[1] });
    return true;
  }

  private runningJob(text: string): boolean {
    if (!text.includes('Running job:')) return false;
    const m = /Running job: (.+?)\s*$/.exec(text);
    if (m) {
      const name = m[1].replace(/\s*#*$/, '').trim();
      if (name) {
        this.setName(name);
        this.emit({ type: 'job', name });
      }
      newBar(this.state);
      this.setPhase('loading');
    }
    return true;
  }

  /** `Saving at step N`, then `Saved checkpoint to PATH` (glued on one line in a whole log on one line). */
  private checkpointSaved(text: string): boolean {
    const st = this.state;
    const saved = text.includes('Saved checkpoint to');
    if (text.includes('Saving at step')) {
      const m = /Saving at step (\d+)/.exec(text);
      if (m) {
        st.savingStep = Number(m[1]);
        noteSave(st, st.savingStep);
        this.setPhase('saving');
      }
      if (!saved) return true;
    }
    if (!saved) return false;
    const m = /Saved checkpoint to (.+?\.(?:safetensors|pt|ckpt|bin))(?=\s|$)/.exec(text) ?? /Saved checkpoint to (\S+)/.exec(text);
    if (m) {
      const path = m[1];
      const fromName = stepInName(path);
      const final = fromName === null && st.jobName !== null && basename(path).startsWith(st.jobName + '.');
      // §1.7: the final save's files carry step == train.steps
      const step = fromName ?? (final ? st.total : st.savingStep);
      if (final) st.sawFinalSave = true;
      st.savingStep = null;
      this.emit({ type: 'checkpoint', step, path, final });
    }
    const rest = m ? text.slice(text.indexOf(m[1]) + m[1].length) : '';
    if (rest.includes('Removing old save:')) this.line(rest);
    return true;
  }

  private oldSaveRemoved(text: string): boolean {
    if (!text.includes('Removing old save:')) return false;
    const re = /Removing old save: (.+?\.(?:safetensors|pt|ckpt|bin|yaml))(?=\s|$)/g;
    let any = false;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      any = true;
      this.emit({ type: 'removed', path: m[1], step: stepInName(m[1]) });
    }
    if (!any && (m = /Removing old save: (\S+)/.exec(text))) this.emit({ type: 'removed', path: m[1], step: null });
    return true;
  }

  private jobError(text: string): boolean {
    if (!text.includes('Error running job:')) return false;
    const m = /Error running job: (.*)$/.exec(text);
    this.flushError();
    this.errorMessage = m ? m[1].trim() : text;
    return true;
  }

  private oomSkip(text: string): boolean {
    if (!text.includes('OOM during training step') || !text.includes('skipping batch')) return false;
    const m = /skipping batch (\d+)\/(\d+)/.exec(text);
    // The step counter still advances past an OOM step (§1.8); the skipped step is the one the bar is at.
    const step = this.state.prevCount >= 0 ? stepAtCount(this.state, this.state.prevCount) : null;
    noteSkippedStep(this.state);
    this.emit({ type: 'oom', attempt: m ? Number(m[1]) : 1, of: m ? Number(m[2]) : 3, step });
    return true;
  }

  private nanLoss(text: string): boolean {
    if (!/\bloss is nan\b/i.test(text)) return false;
    // printed inside the step, before its postfix redraw (§1.8): the step is the count shown now
    const st = this.state;
    st.nanStep = st.prevCount >= 0 ? stepAtCount(st, st.prevCount) : null;
    this.emit({ type: 'nan', step: st.nanStep, text });
    return true;
  }

  private tracebackStart(text: string): boolean {
    if (!text.includes('Traceback (most recent call last)')) return false;
    this.traceback = [text.slice(text.indexOf('Traceback'))];
    return true;
  }

  private failureBanner(text: string): boolean {
    if (!/- [1-9]\d* failures?\b/.test(text)) return false;
    this.state.sawFailureBanner = true;
    return true;
  }

  private jobStopped(text: string): boolean {
    if (!/(^|\s)Job stopped\s*$/.test(text)) return false;
    this.flushError();
    this.emit({ type: 'stopped' });
    return true;
  }

  /** §1.9: `#### IMPORTANT RESUMING FROM <path> ####`; the step is in the file name. */
  private resumed(text: string): boolean {
    if (!text.includes('RESUMING FROM')) return false;
    const p = /RESUMING FROM (.+?\.(?:safetensors|pt))/.exec(text);
    this.emit({ type: 'resume', step: p ? stepInName(p[1]) : null, path: p ? p[1] : null });
    return true;
  }

  private phaseLine(text: string): boolean {
    if (/^(Caching latents|Caching text.?embeddings|Caching embeddings)/.test(text)) this.setPhase('caching', text);
    else if (/Generating (baseline samples|first sample)|Sampling at step \d+/.test(text)) this.setPhase('sampling', text);
    else if (/^(Loading (.+ )?model|Loading transformer|Quantizing|Loading VAE|Loading T5|Loading CLIP|Making pipe|Preparing Model)/.test(text)) this.setPhase('loading', text);
    else return false;
    return true;
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
  protected flushError(): void {
    const tb = this.finishedTb ?? this.traceback;
    if (this.errorMessage === null && tb === null) return;
    if (this.errorMessage === null && this.finishedTb === null) return; // an unfinished traceback waits for its end
    const traceback = dedupeBlocks(tb ?? []);
    // a traceback cut before its exception line ends in a frame or a source line: never the message
    const message = this.errorMessage ?? this.lastException ?? 'the trainer crashed (its traceback ends before the exception line)';
    this.emit({ type: 'error', message, traceback });
    this.errorMessage = null;
    this.finishedTb = null;
    this.traceback = null;
    this.lastException = null;
  }
}

/** File name of a POSIX or Windows path. */
export function basename(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i === -1 ? path : path.slice(i + 1);
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
