import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, UsageError, writeLine, type CommandContext } from './command.js';
import { COMMANDS, findCommand } from './commands/index.js';
import { packageRoot } from './package-root.js';
import { openWizard } from './wizard.js';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return 'unknown';
  }
}

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'lorapilot — train a character LoRA with ai-toolkit on a GPU pod, from a terminal',
    '',
    'Usage: lorapilot [COMMAND] [OPTIONS]',
    '',
    'With no command, opens the wizard at the first unfinished step of the project in this folder',
    '(in a terminal), or prints where the project stands (when piped).',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: lorapilot COMMAND --help)',
    '  -V, --version  print the version',
    '',
    'Exit codes: 0 ok, 1 errors found or an operation failed, 2 usage error.',
  ].join('\n');
}

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help' || first === 'help') {
    const entry = rest[0] ? findCommand(rest[0]) : undefined;
    if (entry) {
      writeLine(ctx.stdout, (await entry.load()).usage);
      return EXIT.ok;
    }
    writeLine(ctx.stdout, mainHelp());
    return EXIT.ok;
  }
  if (first === '-V' || first === '--version') {
    writeLine(ctx.stdout, version());
    return EXIT.ok;
  }
  if (first === undefined && ctx.tty) return openWizard({ dir: ctx.cwd });
  const name = first === undefined || first.startsWith('-') ? 'status' : first;
  const args = first === undefined || first.startsWith('-') ? argv : rest;
  const entry = findCommand(name);
  if (!entry) {
    writeLine(ctx.stderr, `lorapilot: unknown command '${name}'. Run 'lorapilot --help' for the list.`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (args.includes('-h') || args.includes('--help')) {
    writeLine(ctx.stdout, command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(args, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      writeLine(ctx.stderr, `lorapilot ${command.name}: ${e.message}`);
      writeLine(ctx.stderr, `Run 'lorapilot ${command.name} --help' for usage.`);
      return EXIT.usage;
    }
    // Errors are values everywhere below; anything reaching here is reported, never a bare stack.
    writeLine(ctx.stderr, `lorapilot ${command.name}: ${(e as Error).message ?? String(e)}`);
    if (ctx.env.LORAPILOT_DEBUG) writeLine(ctx.stderr, (e as Error).stack ?? '');
    return EXIT.failed;
  }
}

