import type { TrainingEvent } from './events.js';
import type { RedFlag } from './red-flags.js';

/**
 * Getting the user's attention when a run finishes, fails or raises a red flag while the terminal is
 * in the background: the terminal bell, and/or OSC 9 (a desktop notification in iTerm2, WezTerm,
 * kitty, Windows Terminal, ConEmu). Both are zero-width, so they never disturb a drawn screen.
 * Chosen with LORAPILOT_NOTIFY=bell|osc9|both|off (default bell) or `--notify`.
 */
export const NOTIFY_MODES = ['bell', 'osc9', 'both', 'off'] as const;
export type NotifyMode = (typeof NOTIFY_MODES)[number];

export function notifyMode(value: string | undefined, fallback: NotifyMode = 'bell'): NotifyMode {
  return (NOTIFY_MODES as readonly string[]).includes(value ?? '') ? (value as NotifyMode) : fallback;
}

/** The bytes to write for a notification; '' when off. */
export function notificationBytes(mode: NotifyMode, message: string): string {
  const text = message.replace(/[\x00-\x1f\x7f;]/g, ' ').slice(0, 200);
  const osc = `\u001b]9;lorapilot: ${text}\u0007`;
  if (mode === 'bell') return '\u0007';
  if (mode === 'osc9') return osc;
  if (mode === 'both') return osc + '\u0007';
  return '';
}

/**
 * What is worth a notification: the run's verdict (a log that merely ends is none) and every red flag
 * above info.
 */
export function eventNotice(e: TrainingEvent): string | null {
  if (e.type !== 'finished' || e.exitCode === null) return null;
  return e.exitCode === 0 ? 'training finished' : 'training failed';
}

export function flagNotice(f: RedFlag): string | null {
  return f.severity === 'info' ? null : f.message;
}

/** The monitor's notifications, written by `write` (each face knows which stream reaches the user). */
export function monitorNotifier(mode: NotifyMode, write: (bytes: string) => void): { onEvent: (e: TrainingEvent) => void; onFlag: (f: RedFlag) => void } {
  const ring = (msg: string | null) => {
    const bytes = msg === null ? '' : notificationBytes(mode, msg);
    if (bytes) write(bytes);
  };
  return { onEvent: (e) => ring(eventNotice(e)), onFlag: (f) => ring(flagNotice(f)) };
}
