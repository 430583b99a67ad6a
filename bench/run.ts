/**
 * Runs every benchmark in bench/ one after another, each in its own process (so peak memory and
 * timings belong to that benchmark alone), and prints their figures.
 * Each bench file is runnable on its own: node --import tsx bench/<name>.ts
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const only = process.argv.slice(2);
const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.includes(basename(f, '.ts')))
  .sort();

let failed = 0;
for (const f of files) {
  process.stdout.write(`\n=== ${basename(f, '.ts')} ===\n`);
  // bench/tsconfig.json: the project's compiler settings for every file a benchmark loads (screens' JSX too).
  const env = { ...process.env, TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json') };
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], { stdio: 'inherit', env });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`${basename(f, '.ts')} exited with ${r.status ?? r.signal}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
