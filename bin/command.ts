import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseBounded, type Bound } from '../src/text/bounds.js';
import { terminalJson, terminalText } from '../src/text/sanitize.js';

/** What a command sees of the world; tests pass their own streams. */
export interface CommandContext {
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** stdin and stdout are terminals: a command may open a screen or ask a question. */
  tty: boolean;
  env: NodeJS.ProcessEnv;
}

/** A command's module; its one-line summary lives in the command table (bin/commands/index.ts). */
export interface Command {
  name: string;
  /** Full help text, shown by `lorapilot NAME --help`. */
  usage: string;
  run(args: string[], ctx: CommandContext): Promise<number>;
}

/** Exit codes: 0 ok, 1 errors found or an operation failed, 2 usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with errors turned into UsageError (exit 2). */
export function parseCommandArgs<O extends Options>(args: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/** A numeric option within its bound (src/text/bounds.ts), or a UsageError that says the range. */
export function numberOption(value: string | undefined, name: string, bound: Bound): number | undefined {
  if (value === undefined) return undefined;
  const r = parseBounded(value, bound);
  // An option is named with its dashes; a positional (N) or an environment variable as it is.
  if (!r.ok) throw new UsageError(`${name === 'N' || /^[A-Z][A-Z0-9_]*$/.test(name) ? name : `--${name}`} ${r.message}`);
  return r.value;
}

/**
 * Every line a command prints: what it says is built from names, captions, metadata and pod replies, so
 * escape codes are dropped here, the last step before the terminal (the command's own progress line is
 * written apart).
 */
export function writeLine(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(terminalText(text) + '\n');
}

export function writeJson(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(terminalJson(JSON.stringify(value, null, 2)) + '\n');
}
