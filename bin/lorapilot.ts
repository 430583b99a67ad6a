#!/usr/bin/env node
import { EXIT, type CommandContext } from './command.js';
import { terminalText } from '../src/text/sanitize.js';
import { main } from './main.js';

// `lorapilot … | head` closes the pipe early: stop quietly instead of dying with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw e;
  });
}

const ctx: CommandContext = {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  tty: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  env: process.env,
};

main(process.argv.slice(2), ctx).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`lorapilot: ${terminalText((e as Error).message)}\n`);
    process.exitCode = EXIT.failed;
  },
);
