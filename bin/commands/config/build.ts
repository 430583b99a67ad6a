import { resolve } from 'node:path';
import { EXIT, numberOption, parseCommandArgs, UsageError, writeJson, writeLine, type CommandContext } from '../../command.js';
import { buildDryRunJson, buildJson } from '../../../src/config/build-json.js';
import { buildNoteLines, choicesLine, EPOCH_READINGS_TITLE, epochReadingLines, stepMathLines } from '../../../src/config/build-text.js';
import { parseResolution } from '../../../src/config/choices.js';
import { limitText, LIMITS, type LimitedField } from '../../../src/config/limits.js';
import { findingsVerdict } from '../../../src/config/lint-text.js';
import { findPreset, PRESETS, VRAM_TIERS } from '../../../src/config/presets.js';
import { buildForProject, loadConfigContext, saveConfig, withBuildChoices } from '../../../src/config/service.js';
import type { ConfigSection } from '../../../src/project/sections/config.js';
import { formatCount } from '../../../src/text/format.js';
import { glyph } from '../../../src/text/glyphs.js';
import { formatFinding } from './finding.js';

const OPTIONS = {
  preset: { type: 'string' },
  vram: { type: 'string' },
  rank: { type: 'string' },
  alpha: { type: 'string' },
  lr: { type: 'string' },
  epochs: { type: 'string' },
  steps: { type: 'string' },
  resolution: { type: 'string' },
  batch: { type: 'string' },
  'grad-accum': { type: 'string' },
  'caption-dropout': { type: 'string' },
  prompt: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

const opt = (v: string | undefined, name: string, field: LimitedField) => numberOption(v, name, LIMITS[field]);

/** The options as choices over the recorded ones; only what was given. */
function overridesFrom(values: Values): ConfigSection {
  if (values.epochs !== undefined && values.steps !== undefined) throw new UsageError('give --epochs or --steps, not both');
  const o: ConfigSection = {};
  if (values.preset !== undefined) {
    const p = findPreset(values.preset);
    if (!p) throw new UsageError(`unknown preset '${values.preset}'; one of: ${PRESETS.map((x) => x.id).join(', ')}`);
    o.preset = p.id;
  }
  if (values.vram !== undefined) {
    const v = Number(values.vram);
    if (v !== 48 && v !== 24) throw new UsageError(`--vram takes ${VRAM_TIERS.join(' or ')}`);
    o.vram = v;
  }
  o.rank = opt(values.rank, 'rank', 'rank');
  o.alpha = opt(values.alpha, 'alpha', 'alpha');
  o.lr = opt(values.lr, 'lr', 'lr');
  o.epochs = opt(values.epochs, 'epochs', 'epochs');
  o.steps = opt(values.steps, 'steps', 'steps');
  if (values.resolution !== undefined) {
    const list = parseResolution(values.resolution);
    if (!list) throw new UsageError(`--resolution takes sizes like 1024 or 512,768,1024 (each ${limitText(LIMITS.resolution)}), not '${values.resolution}'`);
    o.resolution = list;
  }
  o.batchSize = opt(values.batch, 'batch', 'batchSize');
  o.gradientAccumulation = opt(values['grad-accum'], 'grad-accum', 'gradientAccumulation');
  o.captionDropout = opt(values['caption-dropout'], 'caption-dropout', 'captionDropout');
  if (values.prompt !== undefined) {
    const prompts = values.prompt.map((p) => p.trim()).filter(Boolean);
    if (prompts.length === 0) throw new UsageError('--prompt takes a non-empty prompt');
    o.prompts = prompts;
  }
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export async function build(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const overrides = overridesFrom(values);
  const { ctx: cctx, choices } = withBuildChoices(await loadConfigContext(ctx.cwd), overrides);
  const result = buildForProject(cctx, choices);

  if (values['dry-run']) {
    if (values.json) writeJson(ctx.stdout, buildDryRunJson(result));
    else ctx.stdout.write(result.yaml);
    return EXIT.ok;
  }
  const saved = await saveConfig(cctx, choices, result, values.output !== undefined ? resolve(ctx.cwd, values.output) : undefined);
  const code = saved.errors > 0 ? EXIT.failed : EXIT.ok;
  if (values.json) {
    writeJson(ctx.stdout, buildJson(choices, result, saved, cctx.scanError));
    return code;
  }
  const o = ctx.stdout;
  if (cctx.scanError) writeLine(o, `${glyph.warning} dataset not readable (${cctx.scanError}): the config has no dataset entries`);
  writeLine(o, `${glyph.success} wrote ${saved.file}`);
  writeLine(o, `  ${choicesLine(choices, result)}`);
  writeLine(o);
  writeLine(o, 'Step math');
  for (const l of stepMathLines(result)) writeLine(o, `  ${l}`);
  writeLine(o);
  writeLine(o, EPOCH_READINGS_TITLE);
  for (const l of epochReadingLines(result)) writeLine(o, `  ${l}`);
  writeLine(o, `  This config: ${formatCount(result.math.totalSteps)} steps, a checkpoint every ${formatCount(result.math.saveEvery)}. Use --epochs N or --steps N to choose.`);
  writeLine(o);
  for (const l of buildNoteLines(result, choices)) writeLine(o, l.text);
  writeLine(o, `Pod   dataset ${glyph.arrow} ${result.layout.dataset}; run files ${glyph.arrow} ${result.outputFolder}`);
  writeLine(o);
  if (saved.lint.findings.length === 0) writeLine(o, `lint: ${findingsVerdict(saved.lint.findings)}`);
  else {
    writeLine(o, 'lint:');
    for (const f of saved.lint.findings) writeLine(o, formatFinding(f, ctx.cwd));
  }
  return code;
}
