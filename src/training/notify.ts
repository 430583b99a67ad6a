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
  // eslint-disable-next-line no-control-regex
  const text = message.replace(/[\x00-\x1f\x7f;]/g, ' ').slice(0, 200);
  const osc = `\u001b]9;lorapilot: ${text}\u0007`;
  if (mode === 'bell') return '\u0007';
  if (mode === 'osc9') return osc;
  if (mode === 'both') return osc + '\u0007';
  return '';
}
