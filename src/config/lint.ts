import { Collector } from './lint/collector.js';
import { lintJob } from './lint/job.js';
import { lintEnvVars, lintSecrets } from './lint/raw-text.js';
import { isObj } from './lint/values.js';
import type { LintOptions, LintResult } from './lint/types.js';
import { parseConfigSource } from './source.js';

/**
 * The config linter: for any ai-toolkit YAML or JSON config (the UI's `.job_config.json` too).
 * Every finding names file:line:column and the fix. Rules come from reference/ai-toolkit.md §1-§5.
 */

export type { ConfigFinding, LintEpochMath, LintOptions, LintResult, LintTarget } from './lint/types.js';

export function lintConfigText(file: string, text: string, options: LintOptions = {}): LintResult {
  const src = parseConfigSource(file, text);
  const out = new Collector(src);
  if (src.errors.length > 0) {
    for (const e of src.errors) {
      out.raw({ rule: 'config.syntax', severity: 'error', line: e.line, column: e.column, path: '', message: e.message, fix: 'fix the syntax; ai-toolkit cannot load the file' });
    }
    return { file, format: src.format, findings: out.list() };
  }
  const data = src.data;
  if (!isObj(data)) {
    out.add('config.shape', 'error', [], 'the file is not a mapping with job/config keys', 'start from `lorapilot config build`');
    return { file, format: src.format, findings: out.list() };
  }
  lintEnvVars(src, data, out);
  lintSecrets(data, out);
  const math = lintJob(data, out, options);
  return { file, format: src.format, findings: out.list(), math };
}
