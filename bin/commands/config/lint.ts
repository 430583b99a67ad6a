import { EXIT, parseCommandArgs, UsageError, writeJson, writeLine, type CommandContext } from '../../command.js';
import { lintFile } from '../../../src/config/lint-file.js';
import { lintJson } from '../../../src/config/lint-json.js';
import { countFindings, findingsVerdict, lintMathLine } from '../../../src/config/lint-text.js';
import type { LintTarget } from '../../../src/config/lint.js';
import { glyph } from '../../../src/text/glyphs.js';
import { formatFinding } from './finding.js';

function targetOption(value: string | undefined): LintTarget | undefined {
  if (value === undefined || value === 'runpod' || value === 'local') return value;
  throw new UsageError(`--target takes runpod or local, not '${value}'`);
}

export async function lint(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    target: { type: 'string' },
    dataset: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
  const target = targetOption(values.target);
  const r = await lintFile({ cwd: ctx.cwd, file: positionals[0], target, dataset: values.dataset });
  if (!r.ok && r.problem === 'no-file') throw new UsageError('name the config file to lint (or run lorapilot config build first)');
  if (!r.ok) {
    writeLine(ctx.stderr, `lorapilot config lint: cannot read ${r.name}: ${r.message}`);
    return EXIT.failed;
  }
  if (r.datasetUnreadable) writeLine(ctx.stderr, `lorapilot config lint: cannot read the dataset folder ${values.dataset}; step math against epochs skipped`);
  const { result, status, name } = r;
  const code = countFindings(result.findings).error > 0 ? EXIT.failed : EXIT.ok;
  if (values.json) {
    writeJson(ctx.stdout, lintJson(result, status ? status.upToDate : null));
    return code;
  }
  const o = ctx.stdout;
  if (status && !status.upToDate) writeLine(o, `${glyph.warning} ${name} differs from what lorapilot would write now (dataset or choices changed, or edited by hand): run 'lorapilot config build' to rewrite it`);
  for (const f of result.findings) writeLine(o, formatFinding(f, ctx.cwd));
  if (result.math) writeLine(o, lintMathLine(result.math));
  writeLine(o, `${name}: ${findingsVerdict(result.findings)}`);
  return code;
}
