/**
 * Colour and cursor codes in a log: tqdm's nested bars move the cursor up (`ESC[A`) and clear
 * (`ESC[K`), libraries colour warnings. ai-toolkit's own UI drops them the same way
 * (reference/ai-toolkit.md §1.10). The same codes in a caption, a file's metadata or a name would
 * retitle, recolour or rewrite the user's terminal, so every string from outside goes through here.
 */
// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), charset and keypad selections, lone C0 controls but tab,
// newline and CR, and the C1 controls (U+0080–U+009F: U+009B is a one-character CSI on some terminals).
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[()][A-Za-z0-9]|\x1b[=>78DEHMc]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || (c >= 127 && c <= 159)) return true;
  }
  return false;
}

export function stripAnsi(s: string): string {
  // Fast path: most segments have no control characters at all.
  return hasControl(s) ? s.replace(ANSI, '') : s;
}

/** Text for a terminal line by line: codes gone, a lone CR (which would overwrite the line) dropped. */
export function terminalText(s: string): string {
  return hasControl(s) ? stripAnsi(s).replace(/\r(?!\n)/g, '') : s;
}

/** One line of a value from a file (a tag, a caption, a metadata string): codes gone, line breaks and tabs as spaces. */
export function oneLine(s: string): string {
  return hasControl(s) ? stripAnsi(s).replace(/[\t\r\n]+/g, ' ') : s;
}

/** JSON text with the C1 controls escaped too (JSON.stringify escapes only C0): the same value, safe to print. */
export function terminalJson(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
