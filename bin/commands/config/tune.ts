import { EXIT, parseCommandArgs, UsageError, writeJson, writeLine, type CommandContext } from '../../command.js';
import { loadConfigContext, tuneProject } from '../../../src/config/service.js';
import { symptomsJson, tuneJson } from '../../../src/config/tune-json.js';
import { adviceConfigText, causesText, describeChanges } from '../../../src/config/tuning-text.js';
import { parseSymptom, SYMPTOM_LABELS, SYMPTOMS } from '../../../src/config/tuning.js';
import { glyph } from '../../../src/text/glyphs.js';

export async function tune(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { apply: { type: 'boolean' }, json: { type: 'boolean' } });
  const o = ctx.stdout;
  if (positionals.length === 0) {
    if (values.json) writeJson(o, symptomsJson());
    else {
      writeLine(o, 'What do the samples show? lorapilot config tune SYMPTOM [--apply]');
      for (const s of SYMPTOMS) writeLine(o, `  ${s.padEnd(20)}${SYMPTOM_LABELS[s]}`);
    }
    return EXIT.ok;
  }
  const symptom = parseSymptom(positionals[0]);
  if (!symptom) throw new UsageError(`unknown symptom '${positionals[0]}'; one of: ${SYMPTOMS.join(', ')}`);
  const r = await tuneProject(await loadConfigContext(ctx.cwd), symptom, values.apply ?? false);
  if (values.json) {
    writeJson(o, tuneJson(r));
    return EXIT.ok;
  }
  const a = r.advice;
  writeLine(o, a.label);
  writeLine(o, `  ${causesText(a)}`);
  if (a.dataset.length) {
    writeLine(o, '  Dataset (yours to change):');
    for (const d of a.dataset) writeLine(o, `    - ${d}`);
  }
  if (a.meanwhile.length) {
    writeLine(o, '  Meanwhile:');
    for (const d of a.meanwhile) writeLine(o, `    - ${d}`);
  }
  writeLine(o, `  ${adviceConfigText(a)}`);
  if (a.config.length === 0) return EXIT.ok;
  if (!r.applied) writeLine(o, `  Apply with: lorapilot config tune ${symptom} --apply`);
  else {
    writeLine(o, `${glyph.success} applied: ${describeChanges(a)} (recorded in lorapilot.yaml under tuning)`);
    if (r.rebuilt) writeLine(o, `${glyph.success} rewrote ${r.rebuilt}`);
    else writeLine(o, "  Run 'lorapilot config build' to write the config.");
  }
  return EXIT.ok;
}
