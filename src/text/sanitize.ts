/**
 * Colour and cursor codes in a log: tqdm's nested bars move the cursor up (`ESC[A`) and clear
 * (`ESC[K`), libraries colour warnings. ai-toolkit's own UI drops them the same way
 * (reference/ai-toolkit.md §1.10).
 */
// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), charset and keypad selections, lone C0 controls but tab.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[()][A-Za-z0-9]|\x1b[=>78DEHMc]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

export function stripAnsi(s: string): string {
  // Fast path: most segments have no control characters at all.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 127) return s.replace(ANSI, '');
  }
  return s;
}
