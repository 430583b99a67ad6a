import { sectionKeys, trainerProcessSchema } from '../schema.js';
import type { LintEpochMath, LintOptions } from './types.js';
import type { PathPart } from '../source.js';
import { suggestValue } from '../suggest.js';
import { JOB_TYPES, OTHER_PROCESS_TYPES, TRAINER_TYPES } from '../vocabulary.js';
import type { Collector } from './collector.js';
import { lintSchemaIssues, unknownKey } from './schema-issues.js';
import { lintNumbers } from './numbers.js';
import { lintTrainer } from './trainer.js';
import { GLOB_RE, isObj, str, type Obj } from './values.js';

/** The job around the processes: job type, config name, the process list. */
export function lintJob(data: Obj, out: Collector, options: LintOptions): LintEpochMath | undefined {
  for (const key of Object.keys(data)) if (!sectionKeys('top').includes(key)) unknownKey('top', [key], key, out);
  const config = data.config;
  if (data.job === undefined) out.add('config.missing', 'error', [], "no 'job' key", "add 'job: extension'");
  else if (data.job !== 'extension') {
    const procs = isObj(config) && Array.isArray(config.process) ? config.process : [];
    const trainer = procs.some((p) => isObj(p) && (TRAINER_TYPES as readonly string[]).includes(String(p.type)));
    if (!trainer && (JOB_TYPES as readonly string[]).includes(String(data.job))) {
      // extract, generate, mod and the old train job have process types of their own, read by other classes
      out.add('job.not-checked', 'info', ['job'], `job '${String(data.job)}' runs no trainer process; lorapilot checks 'job: extension' training configs only`, 'nothing to do if this is intended');
      return undefined;
    }
    out.add('job.type', 'error', ['job'], `job '${String(data.job)}': trainer processes (sd_trainer, diffusion_trainer) run only under 'job: extension'`, "write 'job: extension'");
  }
  if (!isObj(config)) {
    out.add('config.missing', 'error', [], "no 'config' block", 'add config: {name, process: [...]}');
    return undefined;
  }
  for (const key of Object.keys(config)) if (!sectionKeys('config').includes(key)) unknownKey('config', ['config', key], key, out);
  const name = config.name;
  if (typeof name !== 'string' || name === '') out.add('config.missing', 'error', ['config'], "'config.name' is required (BaseJob.py:18)", 'set config.name (letters, digits, _ and -)');
  else if (GLOB_RE.test(name)) {
    out.add('name.glob', 'error', ['config', 'name'], `'${name}' has glob characters: ai-toolkit finds checkpoints to resume and to delete with glob(name + '*'), so resume and cleanup break`, 'use letters, digits, _ and - only (the UI allows nothing else)');
  }
  if (!Array.isArray(config.process) || config.process.length === 0) {
    out.add('config.missing', 'error', ['config'], "'config.process' must be a non-empty list", 'add one process with type: sd_trainer');
    return undefined;
  }
  let math: LintEpochMath | undefined;
  config.process.forEach((p, i) => {
    const base: PathPart[] = ['config', 'process', i];
    if (!isObj(p)) {
      out.add('config.type', 'error', base, 'a process must be a mapping', 'write the process as key: value pairs');
      return;
    }
    const type = str(p.type);
    if (!type) {
      out.add('config.missing', 'error', base, 'a process needs a type', "add 'type: sd_trainer'");
      return;
    }
    if (!(TRAINER_TYPES as readonly string[]).includes(type)) {
      if ((OTHER_PROCESS_TYPES as readonly string[]).includes(type)) {
        out.add('process.not-checked', 'info', [...base, 'type'], `'${type}' is not a trainer; lorapilot checks trainer processes only`, 'nothing to do if this is intended');
      } else {
        const near = suggestValue(type, [...TRAINER_TYPES, ...OTHER_PROCESS_TYPES]);
        out.add('process.type', 'error', [...base, 'type'], `unknown process type '${type}': ai-toolkit stops with "Unknown process type"`, near ? `did you mean '${near}'?` : 'use sd_trainer');
      }
      return;
    }
    lintNumbers(p, base, out);
    const parsed = trainerProcessSchema.safeParse(p);
    if (!parsed.success) lintSchemaIssues(parsed.error.issues, base, data, out);
    const m = lintTrainer(p, base, out, options);
    if (m && !math) math = m;
  });
  return math;
}
