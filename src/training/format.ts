import { formatClock } from '../text/clock.js';
import { glyph, severityGlyph } from '../text/glyphs.js';
import type { TrainingEvent } from './events.js';
import type { RedFlag } from './red-flags.js';
import type { RunSnapshot } from './run-model.js';

/**
 * The words of a run, shared by every face: `lorapilot monitor` (piped), the Monitor screen's header
 * and panes. A face picks which parts it shows and how it colours them; the wording is decided here.
 */

/** tqdm's way: it/s when at least one step a second, s/it below. */
export function formatRate(rate: number | null): string {
  if (rate === null || !(rate > 0)) return '?';
  return rate >= 1 ? `${rate.toFixed(2)} it/s` : `${(1 / rate).toFixed(2)} s/it`;
}

export function formatLoss(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return glyph.dash;
  return Math.abs(x) >= 0.001 && Math.abs(x) < 1000 ? x.toFixed(4) : x.toExponential(3);
}

/** `epoch 1.2 of 4`; null when the steps per epoch are unknown. */
export function epochText(count: number, total: number | null, stepsPerEpoch: number | null): string | null {
  if (!stepsPerEpoch) return null;
  const e = count / stepsPerEpoch;
  const of = total ? ` of ${(total / stepsPerEpoch).toFixed(total % stepsPerEpoch === 0 ? 0 : 1)}` : '';
  return `epoch ${e.toFixed(1)}${of}`;
}

/** `step 12/60 (20%)`. */
export function stepText(count: number, total: number | null): string {
  const pct = total ? ` (${Math.floor((count / total) * 100)}%)` : '';
  return `step ${count}/${total ?? '?'}${pct}`;
}

export function vramText(gpu: RunSnapshot['gpu']): string {
  return gpu ? `VRAM ${(gpu.usedMiB / 1024).toFixed(1)}/${(gpu.totalMiB / 1024).toFixed(1)} GB` : `VRAM ${glyph.dash}`;
}

/** The parts of a progress report, each in its one wording. */
export interface ProgressParts {
  step: string;
  epoch: string | null;
  /** `loss 0.3290 (smoothed 0.3900)`. */
  loss: string;
  rate: string;
  elapsed: string;
  eta: string;
  vram: string;
}

type ProgressFields = Pick<RunSnapshot, 'count' | 'total' | 'stepsPerEpoch' | 'loss' | 'rate' | 'elapsed' | 'eta' | 'gpu'>;

export function progressParts(s: ProgressFields, smoothed: number | null = null): ProgressParts {
  return {
    step: stepText(s.count, s.total),
    epoch: epochText(s.count, s.total, s.stepsPerEpoch),
    loss: `loss ${formatLoss(s.loss)}${smoothed !== null ? ` (smoothed ${formatLoss(smoothed)})` : ''}`,
    rate: formatRate(s.rate),
    elapsed: `elapsed ${formatClock(s.elapsed)}`,
    eta: `ETA ${formatClock(s.eta)}`,
    vram: vramText(s.gpu),
  };
}

export function joinParts(parts: Array<string | null>): string {
  return parts.filter((x): x is string => x !== null).join(` ${glyph.separator} `);
}

/** The piped monitor's progress line. */
export function progressLine(s: ProgressFields, smoothed: number | null = null): string {
  const p = progressParts(s, smoothed);
  return joinParts([p.step, p.epoch, p.loss, p.rate, p.elapsed, p.eta]);
}

/** The screen's header line: the loss has its own row there, VRAM joins; a run that ended has no ETA. */
export function headerLine(s: ProgressFields & Partial<Pick<RunSnapshot, 'status'>>): string {
  const p = progressParts(s);
  const ended = s.status !== undefined && s.status !== 'running' && s.status !== 'starting';
  return joinParts([p.step, p.epoch, p.rate, p.elapsed, ended ? null : p.eta, p.vram]);
}

/** `loss 0.1439 · smoothed 0.2191 · lr 1.0e-4`, the label of the screen's progress bar. */
export function lossLabel(loss: number | null, smoothed: number | null, lr: number | null): string {
  return joinParts([`loss ${formatLoss(loss)}`, `smoothed ${formatLoss(smoothed)}`, lr !== null ? `lr ${lr.toExponential(1)}` : null]);
}

export function flagHeadline(f: RedFlag): string {
  return `${severityGlyph(f.severity)} ${f.message}`;
}

export function flagAdvice(f: RedFlag): string {
  return `${glyph.arrow} ${f.advice}`;
}

export function flagLines(f: RedFlag): string[] {
  return [flagHeadline(f), `  ${flagAdvice(f)}`];
}

/** The lines a piped `lorapilot monitor` prints for an event (progress lines are paced in monitor-text.ts). */
export function eventLines(e: TrainingEvent): string[] {
  switch (e.type) {
    case 'job':
      return [`job ${e.name}`];
    case 'model':
      return [`model ${e.name}`];
    case 'phase':
      return [`${glyph.dash} ${phaseLabel(e.phase)}${e.detail && e.phase !== 'training' ? `: ${e.detail}` : ''}`];
    case 'checkpoint':
      return [`${glyph.success} checkpoint ${e.final ? 'final' : `step ${e.step}`}: ${e.path}`];
    case 'removed':
      return [`  old checkpoint removed: ${e.path}`];
    case 'resume':
      return [`${glyph.resumed} resumed from ${e.step !== null ? `step ${e.step}` : (e.path ?? 'a checkpoint')}`];
    case 'error':
      return [`${glyph.error} error: ${e.message}`, ...e.traceback.map((l) => `    ${l}`)];
    case 'stopped':
      return [`${glyph.stopped} training stopped (Job stopped)`];
    case 'finished':
      return [finishedText(e.exitCode)];
    default:
      return [];
  }
}

function finishedText(exitCode: number | null): string {
  if (exitCode === null) return `${glyph.stopped} the log ends here`;
  return exitCode === 0 ? `${glyph.success} training finished (exit code 0)` : `${glyph.error} training failed (exit code ${exitCode})`;
}

export function phaseLabel(p: string): string {
  return (
    {
      loading: 'loading the model',
      caching: 'caching latents',
      training: 'training',
      sampling: 'generating samples',
      saving: 'saving a checkpoint',
    }[p] ?? p
  );
}
