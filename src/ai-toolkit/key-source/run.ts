import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractKeys, type KeyRoot } from './extract.js';

/**
 * `npm run ai-toolkit:keys -- <ai-toolkit checkout> [--commit <sha>]`: reads the checkout and rewrites
 * src/ai-toolkit/keys.json, the key list the config schema is checked against.
 */

/** The job class of `job: extension` and the trainer process types lorapilot writes. */
export const KEY_ROOTS: KeyRoot[] = [
  { cls: 'ExtensionJob', section: 'config', argSection: '' },
  { cls: 'SDTrainer', section: 'config.process[]' },
  { cls: 'DiffusionTrainer', section: 'config.process[]' },
  { cls: 'UITrainer', section: 'config.process[]' },
];

const SOURCE_DIRS = ['jobs', 'jobs/process', 'extensions_built_in/sd_trainer'];
const SOURCE_FILES = ['toolkit/config_modules.py'];

function pythonFiles(checkout: string): Array<{ path: string; text: string }> {
  const paths = [...SOURCE_FILES];
  for (const d of SOURCE_DIRS) {
    const dir = join(checkout, d);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.py')) paths.push(`${d}/${f}`);
  }
  return paths.filter((p) => existsSync(join(checkout, p))).map((p) => ({ path: p, text: readFileSync(join(checkout, p), 'utf8') }));
}

function commitOf(checkout: string, given: string | undefined): string {
  if (given) return given;
  try {
    return execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    throw new Error(`${checkout} is not a git checkout: pass --commit <sha>`);
  }
}

function main(argv: string[]): number {
  const checkout = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--commit');
  const ci = argv.indexOf('--commit');
  if (!checkout || !existsSync(join(checkout, 'toolkit/config_modules.py'))) {
    process.stderr.write('usage: npm run ai-toolkit:keys -- <ai-toolkit checkout> [--commit <sha>]\n');
    return 2;
  }
  const files = pythonFiles(checkout);
  const keys = extractKeys(files, KEY_ROOTS);
  const out = fileURLToPath(new URL('../keys.json', import.meta.url));
  const doc = {
    source: { repo: 'ostris/ai-toolkit', commit: commitOf(checkout, ci >= 0 ? argv[ci + 1] : undefined), files: files.map((f) => f.path).sort() },
    ...keys,
  };
  // written whole then renamed, so a failed run never leaves half a list behind
  writeFileSync(`${out}.tmp`, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(`${out}.tmp`, out);
  const total = Object.values(keys.sections).reduce((n, k) => n + k.length, 0);
  process.stdout.write(`${total} keys in ${Object.keys(keys.sections).length} sections → ${relative(process.cwd(), out)}\n`);
  if (keys.missing.length > 0) process.stdout.write(`classes not found: ${keys.missing.join(', ')}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
