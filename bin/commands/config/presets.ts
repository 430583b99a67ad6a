import { EXIT, parseCommandArgs, UsageError, writeJson, writeLine, type CommandContext } from '../../command.js';
import { presetLines } from '../../../src/config/presets-text.js';
import { presetJson } from '../../../src/config/presets-json.js';
import { PRESETS } from '../../../src/config/presets.js';

export function presets(args: string[], ctx: CommandContext): number {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.json) writeJson(ctx.stdout, PRESETS.map(presetJson));
  else for (const p of PRESETS) for (const l of presetLines(p)) writeLine(ctx.stdout, l);
  return EXIT.ok;
}
