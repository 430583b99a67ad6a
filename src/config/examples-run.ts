import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintConfigText } from './lint.js';
import { stripAnsi } from '../text/sanitize.js';
import { countFindings, findingsVerdict, findingTitle } from './lint-text.js';

/**
 * `npm run ai-toolkit:lint-examples -- <ai-toolkit checkout>`: lints every config in its config/examples
 * and prints the findings per example, so a rule that is noise on an official example shows at once.
 */

export function lintExampleFolder(dir: string): string[] {
  const lines: string[] = [];
  const all = { error: 0, warning: 0, info: 0 };
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  for (const f of files) {
    const r = lintConfigText(f, readFileSync(join(dir, f), 'utf8'));
    lines.push(`${f}: ${findingsVerdict(r.findings)}`);
    for (const x of r.findings) lines.push(stripAnsi(`  ${x.line}:${x.column} ${findingTitle(x)} ${x.path} — ${x.message}`));
    const c = countFindings(r.findings);
    all.error += c.error; all.warning += c.warning; all.info += c.info;
  }
  lines.push(`${files.length} examples: ${all.error + all.warning + all.info} findings (${all.error} errors, ${all.warning} warnings, ${all.info} notes)`);
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const checkout = process.argv[2];
  if (!checkout) {
    process.stderr.write('usage: npm run ai-toolkit:lint-examples -- <ai-toolkit checkout>\n');
    process.exitCode = 2;
  } else process.stdout.write(`${lintExampleFolder(join(checkout, 'config', 'examples')).join('\n')}\n`);
}
