import type { TrainingEvent } from './events.js';
import type { RedFlag } from './red-flags.js';
import type { RunSnapshot } from './run-model.js';

/** Plain-text renderings shared by `lorapilot monitor` (piped) and the screen's header. */

export function formatClock(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const p = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${p(m)}:${p(s % 60)}` : `${p(m)}:${p(s % 60)}`;
}

/** tqdm's way: it/s when at least one step a second, s/it below. */
export function formatRate(rate: number | null): string {
  if (rate === null || !(rate > 0)) return '?';
  return rate >= 1 ? `${rate.toFixed(2)} it/s` : `${(1 / rate).toFixed(2)} s/it`;
}

export function formatLoss(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  return Math.abs(x) >= 0.001 && Math.abs(x) < 1000 ? x.toFixed(4) : x.toExponential(3);
}

export function epochText(count: number, total: number | null, stepsPerEpoch: number | null): string | null {
  if (!stepsPerEpoch) return null;
  const e = count / stepsPerEpoch;
  const of = total ? ` of ${(total / stepsPerEpoch).toFixed(total % stepsPerEpoch === 0 ? 0 : 1)}` : '';
  return `epoch ${e.toFixed(1)}${of}`;
}

export function progressLine(s: RunSnapshot, smoothed: number | null = null): string {
  const pct = s.total ? ` (${Math.floor((s.count / s.total) * 100)}%)` : '';
  const parts = [
    `step ${s.count}/${s.total ?? '?'}${pct}`,
    epochText(s.count, s.total, s.stepsPerEpoch),
    `loss ${formatLoss(s.loss)}${smoothed !== null ? ` (smoothed ${formatLoss(smoothed)})` : ''}`,
    formatRate(s.rate),
    `elapsed ${formatClock(s.elapsed)}`,
    `ETA ${formatClock(s.eta)}`,
  ].filter((x): x is string => x !== null);
  return parts.join(' · ');
}

export function flagLines(f: RedFlag): string[] {
  const mark = f.severity === 'error' ? '✖' : f.severity === 'warning' ? '▲' : '●';
  return [`${mark} ${f.message}`, `  → ${f.advice}`];
}

/** The lines a piped `lorapilot monitor` prints for an event (progress lines are paced by the caller). */
export function eventLines(e: TrainingEvent): string[] {
  switch (e.type) {
    case 'job':
      return [`job ${e.name}`];
    case 'model':
      return [`model ${e.name}`];
    case 'phase':
      return [`— ${phaseLabel(e.phase)}${e.detail && e.phase !== 'training' ? `: ${e.detail}` : ''}`];
    case 'checkpoint':
      return [`✔ checkpoint ${e.final ? 'final' : `step ${e.step}`}: ${e.path}`];
    case 'removed':
      return [`  old checkpoint removed: ${e.path}`];
    case 'resume':
      return [`↻ resumed from ${e.step !== null ? `step ${e.step}` : (e.path ?? 'a checkpoint')}`];
    case 'error':
      return [`✖ error: ${e.message}`, ...e.traceback.map((l) => `    ${l}`)];
    case 'stopped':
      return ['■ training stopped (Job stopped)'];
    case 'finished':
      return [e.exitCode === null ? '■ the log ends here' : e.exitCode === 0 ? '✔ training finished (exit code 0)' : `✖ training failed (exit code ${e.exitCode})`];
    default:
      return [];
  }
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
