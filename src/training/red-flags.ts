import { formatBytes, plural } from '../text/format.js';
import type { FailureCause } from './failure-causes.js';
import { FLAG_DEFAULTS, type FlagOptions, type RedFlag } from './red-flag-kinds.js';

export { FLAG_KINDS, redFlagSchema, type FlagKind, type FlagOptions, type RedFlag } from './red-flag-kinds.js';

/**
 * Red flags raised while a run trains, each with what to do about it (guide.md §4.2 "Red Flags",
 * §7 troubleshooting, §8.2 tuning; ai-toolkit facts from reference/ai-toolkit.md).
 * Detectors are incremental: each observation costs O(1) amortised, so a 1,000,000-step replay
 * stays fast.
 */
export class RedFlagDetector {
  private readonly o: typeof FLAG_DEFAULTS & { stepsPerEpoch: number | null };
  private readonly flags = new Map<string, RedFlag>();
  // spike: recent losses and cached robust statistics
  private window: Float64Array;
  private wLen = 0;
  private wHead = 0;
  private median = 0;
  private mad = 0;
  private sinceStats = Infinity;
  private lastSpikeStep = -Infinity;
  // plateau: sums per 100-step block of the first steps
  private blocks: Array<{ sum: number; n: number }> = [];
  private plateauDone = false;
  // rising: sums per epoch
  private epochs = new Map<number, { sum: number; n: number }>();
  private judgedEpoch = -1;
  // slow: recent rates
  private rates = new Float64Array(60);
  private rateHead = 0;
  private rateLen = 0;
  private sinceRate = 0;
  private rateMedian = 0;
  private slowRun = 0;
  private oomCount = 0;

  constructor(opts: FlagOptions = {}) {
    this.o = { ...FLAG_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)), stepsPerEpoch: opts.stepsPerEpoch ?? null } as typeof this.o;
    this.window = new Float64Array(this.o.spikeWindow);
  }

  /** Every flag raised so far, newest first. */
  list(): RedFlag[] {
    return [...this.flags.values()].reverse();
  }

  /** Flags raised before (a restored snapshot), oldest first. Detector windows start afresh. */
  restore(flags: RedFlag[]): void {
    for (const f of flags) this.flags.set(f.id, f);
  }

  private raise(f: RedFlag): RedFlag[] {
    const had = this.flags.get(f.id);
    this.flags.delete(f.id);
    this.flags.set(f.id, f);
    // bounded for runs of any length: the oldest flags go first
    if (this.flags.size > 50) this.flags.delete(this.flags.keys().next().value as string);
    // Only a new flag (or a worse one) is news worth a notification.
    return had && (had.severity === f.severity || f.severity !== 'error') ? [] : [f];
  }

  /** A flag built elsewhere (log-flags.ts, stall.ts): kept and deduplicated like the others. */
  note(f: RedFlag): RedFlag[] {
    return this.raise(f);
  }

  onLoss(step: number, loss: number): RedFlag[] {
    if (!Number.isFinite(loss)) return this.onNan(step);
    const out = this.spike(step, loss);
    this.window[this.wHead] = loss;
    this.wHead = (this.wHead + 1) % this.window.length;
    this.wLen = Math.min(this.wLen + 1, this.window.length);
    this.sinceStats++;
    if (!this.plateauDone && step < this.o.plateauBefore) out.push(...this.plateau(step, loss));
    if (this.o.stepsPerEpoch) out.push(...this.rising(step, loss, this.o.stepsPerEpoch));
    return out;
  }

  /** A robust z-score against the recent window (stats refreshed every 32 steps). */
  private spike(step: number, loss: number): RedFlag[] {
    if (this.wLen < 50) return [];
    if (this.sinceStats >= 32) this.refreshStats();
    const scale = Math.max(this.mad, Math.abs(this.median) * 0.01, 1e-9);
    const z = (0.6745 * (loss - this.median)) / scale;
    if (!(z > this.o.spikeZ && loss > this.median * 2 && step - this.lastSpikeStep > 50)) return [];
    this.lastSpikeStep = step;
    return this.raise({
      id: `spike-${step}`,
      kind: 'spike',
      severity: 'warning',
      step,
      message: `loss spike at step ${step}: ${loss.toPrecision(4)} against a recent median of ${this.median.toPrecision(4)}`,
      advice: 'One spike is usually a hard batch and harmless. Repeated spikes mean the learning rate is too high (guide §7 issue 2: lower train.lr); check the next samples.',
    });
  }
  /** A plateau before 1,000 steps (guide §4.2): consecutive 200-step windows compared every 100 steps. */
  private plateau(step: number, loss: number): RedFlag[] {
    const b = Math.floor(step / 100);
    while (this.blocks.length <= b) this.blocks.push({ sum: 0, n: 0 });
    this.blocks[b].sum += loss;
    this.blocks[b].n++;
    if (step % 100 !== 99 || b < 5) return [];
    const before = this.blockMean(b - 3, b - 1);
    const now = this.blockMean(b - 1, b + 1);
    const start = this.blockMean(0, 2);
    if (!(Number.isFinite(before) && Number.isFinite(now) && (before - now) / before < this.o.plateauTolerance && (start - now) / start < 0.1)) return [];
    this.plateauDone = true;
    return this.raise({
      id: 'plateau',
      kind: 'plateau',
      severity: 'warning',
      step,
      message: `loss flat since about step ${(b - 3) * 100} (mean ${now.toPrecision(4)}, ${(((start - now) / start) * 100).toFixed(1)}% below the first 200 steps)`,
      advice: 'guide §4.2: a plateau before 1,000 steps means underfitting. Check that the captions carry the trigger word, then raise train.lr (+0.00005, guide §8.2) or train more epochs.',
    });
  }

  private blockMean(from: number, to: number): number {
    let s = 0;
    let n = 0;
    for (let i = from; i < to; i++) {
      s += this.blocks[i]?.sum ?? 0;
      n += this.blocks[i]?.n ?? 0;
    }
    return n > 0 ? s / n : NaN;
  }

  /** The mean loss of an epoch against the one before, judged at each epoch's last step. */
  private rising(step: number, loss: number, spe: number): RedFlag[] {
    const e = Math.floor(step / spe);
    const acc = this.epochs.get(e) ?? { sum: 0, n: 0 };
    acc.sum += loss;
    acc.n++;
    this.epochs.set(e, acc);
    if (step % spe !== spe - 1 || e < 1 || e <= this.judgedEpoch) return [];
    this.judgedEpoch = e;
    const prev = this.epochs.get(e - 1);
    this.epochs.delete(e - 2);
    if (!prev || prev.n === 0 || acc.n === 0) return [];
    const a = prev.sum / prev.n;
    const b = acc.sum / acc.n;
    if (!(b > a * 1.02)) return [];
    return this.raise({
      id: 'rising',
      kind: 'rising',
      severity: 'warning',
      step,
      message: `loss rose across epoch ${e + 1}: mean ${b.toPrecision(4)} against ${a.toPrecision(4)} the epoch before`,
      advice: 'Overfitting sign (guide §7 issue 5): prefer a checkpoint from before the rise (mid epochs are usually best, guide §4.3); next run, lower train.lr by 0.00005 or train fewer epochs.',
    });
  }

  private refreshStats(): void {
    // typed-array sorts are numeric and native: no comparator calls on the hot path
    const a = this.window.slice(0, this.wLen).sort();
    this.median = a[a.length >> 1];
    for (let i = 0; i < a.length; i++) a[i] = Math.abs(a[i] - this.median);
    this.mad = a.sort()[a.length >> 1];
    this.sinceStats = 0;
  }

  onNan(step: number | null): RedFlag[] {
    return this.raise({
      id: 'nan',
      kind: 'nan',
      severity: 'error',
      step,
      message: `loss is NaN${step !== null ? ` at step ${step}` : ''} (ai-toolkit zeroes it and carries on, reference §1.8)`,
      advice: 'The learning rate is too high for this model or precision: stop, lower train.lr (halve it), keep train.dtype bf16, and resume from the last checkpoint saved before this step.',
    });
  }

  onOom(attempt: number, of: number, step: number | null, fix?: string): RedFlag[] {
    this.oomCount++;
    return this.raise({
      id: 'oom',
      kind: 'oom',
      severity: attempt >= of ? 'error' : 'warning',
      step,
      message: `out of GPU memory: ${plural(this.oomCount, 'batch', 'batches')} skipped (last at step ${step ?? '?'}, ${attempt}/${of} in a row)`,
      advice: `ai-toolkit skips the batch; four in a row abort the run (reference §1.8). ${fix ? `To need less memory: ${fix}.` : 'guide §4.2: VRAM spikes = batch size too high: lower batch_size or the largest resolution, or turn on low_vram / quantize.'}`,
    });
  }

  /** tqdm's rate (steps per second) at a step count. */
  onRate(rate: number | null, count: number): RedFlag[] {
    if (rate === null || !(rate > 0)) return [];
    this.rates[this.rateHead] = rate;
    this.rateHead = (this.rateHead + 1) % this.rates.length;
    this.rateLen = Math.min(this.rateLen + 1, this.rates.length);
    if (this.rateLen < 20) return [];
    if (++this.sinceRate >= 20 || this.rateMedian === 0) {
      const sorted = this.rates.slice(0, this.rateLen).sort();
      this.rateMedian = sorted[sorted.length >> 1];
      this.sinceRate = 0;
    }
    if (rate * this.o.slowFactor < this.rateMedian) this.slowRun++;
    else this.slowRun = 0;
    if (this.slowRun !== 5) return [];
    const factor = this.rateMedian / rate;
    return this.raise({
      id: `slow-${count}`,
      kind: 'slow',
      severity: 'warning',
      step: count,
      message: `steps are ${factor.toFixed(1)}× slower than before (${(1 / rate).toFixed(2)} s/step against ${(1 / this.rateMedian).toFixed(2)})`,
      advice: 'Another process on the GPU, thermal throttling, or weights offloaded to CPU RAM (low_vram). Check nvidia-smi on the pod.',
    });
  }

  onVram(usedMiB: number, totalMiB: number): RedFlag[] {
    if (!(totalMiB > 0) || usedMiB / totalMiB < this.o.vramFraction) return [];
    return this.raise({
      id: 'vram',
      kind: 'vram',
      severity: 'warning',
      step: null,
      message: `VRAM nearly full: ${(usedMiB / 1024).toFixed(1)} of ${(totalMiB / 1024).toFixed(1)} GB (${Math.round((usedMiB / totalMiB) * 100)}%)`,
      advice: 'An out-of-memory skip may follow (guide §4.2: VRAM spikes = batch size too high). For the next run lower batch_size or resolution, or turn on quantize / low_vram.',
    });
  }

  onDisk(freeBytes: number, totalBytes: number, path: string): RedFlag[] {
    const low = freeBytes < this.o.diskMinBytes || (totalBytes > 0 && freeBytes / totalBytes < 0.05);
    if (!low) return [];
    return this.raise({
      id: 'disk',
      kind: 'disk',
      severity: freeBytes < this.o.diskMinBytes / 5 ? 'error' : 'warning',
      step: null,
      message: `${path} is running out of space: ${formatBytes(freeBytes)} free of ${formatBytes(totalBytes)}`,
      advice: 'A checkpoint save will fail when the disk fills. Lower save.max_step_saves_to_keep, delete old runs under the project root, or grow the volume.',
    });
  }

  onRunGone(cause?: FailureCause): RedFlag[] {
    return this.raise({
      id: 'died',
      kind: 'died',
      severity: 'error',
      step: null,
      message: 'the trainer is gone without an exit code',
      advice: cause
        ? `${cause.cause}. ${cause.fix}.`
        : 'The pod restarted, ran out of host memory, or the process was killed. Relaunch with lorapilot train: ai-toolkit resumes from the newest checkpoint (reference §1.9).',
    });
  }

  /** `message` is the exception's final line; `cause` what it means and what to change. */
  onFailed(exitCode: number, message: string | null, cause?: FailureCause | null): RedFlag[] {
    return this.raise({
      id: 'failed',
      kind: 'failed',
      severity: 'error',
      step: null,
      message: `training failed (exit code ${exitCode})${message ? `: ${message}` : ''}`,
      advice: cause
        ? `Cause: ${cause.cause}. Fix: ${cause.fix}. Then lorapilot train resumes from the newest checkpoint.`
        : 'Read the error in the log lines (l). Fix the cause, then lorapilot train resumes from the newest checkpoint (reference §1.9).',
    });
  }
}
