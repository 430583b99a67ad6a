import { spawn, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { resolve } from 'node:path';
import { waitFor } from './wait.js';

const { Terminal } = xterm as unknown as { Terminal: typeof import('@xterm/headless').Terminal };

const SYNC_BEGIN = '\u001B[?2026h';
const SYNC_END = '\u001B[?2026l';

export const BIN = resolve(import.meta.dirname, '../../dist/bin/lorapilot.js');

export interface PtySession {
  /** The visible screen as text lines (trailing spaces trimmed). */
  screen(): string;
  write(data: string): void;
  /** Send one key, then wait for the screen text it leads to (text not on screen before it); resolves with that screen. */
  press(key: string, expect: string | RegExp, timeout?: number): Promise<string>;
  /**
   * Type text one key at a time, as a person would: after each key, wait until the field shows the text
   * so far right after `field` (the text the field's input follows, e.g. its label).
   */
  type(text: string, field: string): Promise<void>;
  waitForText(text: string | RegExp, timeout?: number): Promise<string>;
  resize(cols: number, rows: number): void;
  exited: Promise<{ exitCode: number; signal?: number }>;
  /** The program's process id (node itself, spawned directly). */
  pid: number;
  kill(): void;
  /** Everything the program wrote, raw. */
  output(): string;
}

/**
 * Run the built binary in a real pseudo-terminal and read the screen through a headless xterm.
 * CI=false so Ink draws frames (it renders only the last frame when CI is set).
 */
export function runInPty(args: string[], opts: { cwd: string; cols?: number; rows?: number; env?: Record<string, string> }): PtySession {
  const cols = opts.cols ?? 100;
  const rows = opts.rows ?? 30;
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  let raw = '';
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, { CI: 'false', TERM: 'xterm-256color', COLUMNS: String(cols), LINES: String(rows) }, opts.env ?? {});
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  Object.assign(env, opts.env ?? {});
  const p: IPty = spawn(process.execPath, [BIN, ...args], { name: 'xterm-256color', cols, rows, cwd: opts.cwd, env });
  // Ink draws each frame between "begin/end synchronized update" marks; a frame arrives in several chunks
  // under load, so the screen is read only between frames (set as each chunk is parsed, in order).
  let inFrame = false;
  let tail = '';
  p.onData((d) => {
    raw += d;
    const seen = tail + d;
    tail = seen.slice(-(SYNC_END.length - 1));
    term.write(d, () => {
      const begin = seen.lastIndexOf(SYNC_BEGIN);
      const end = seen.lastIndexOf(SYNC_END);
      if (begin !== end) inFrame = begin > end;
    });
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((res) => p.onExit((e) => res(e)));
  const screen = () => {
    const buf = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < term.rows; i++) lines.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return lines.join('\n');
  };
  const waitForText = (text: string | RegExp, timeout = 15_000) =>
    waitFor(
      async () => {
        await new Promise<void>((r) => term.write('', r));
        if (inFrame) return '';
        const s = screen();
        return (typeof text === 'string' ? s.includes(text) : text.test(s)) ? s : '';
      },
      { timeout, interval: 20, describe: screen },
    );
  return {
    screen,
    write: (d) => p.write(d),
    async press(key, expect, timeout) {
      p.write(key);
      return waitForText(expect, timeout);
    },
    async type(text, field) {
      let typed = '';
      for (const ch of text) {
        typed += ch;
        p.write(ch);
        // Lines are read without trailing spaces, so a typed space shows with the key after it.
        await waitForText(`${field}${typed}`.trimEnd());
      }
    },
    waitForText,
    resize(c, r) {
      p.resize(c, r);
      term.resize(c, r);
    },
    exited,
    pid: p.pid,
    kill: () => {
      try {
        p.kill();
      } catch {
        /* already gone */
      }
    },
    output: () => raw,
  };
}
