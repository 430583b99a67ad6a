#!/usr/bin/env node
import { EXIT, type CommandContext } from './command.js';
import { main } from './main.js';

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
    process.stderr.write(`lorapilot: ${(e as Error).message}\n`);
    process.exitCode = EXIT.failed;
  },
);
