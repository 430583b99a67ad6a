/**
 * Runs every benchmark in bench/ one after another and prints their figures.
 * Each bench file exports `main(): Promise<void>` and is also runnable on its own:
 *   node --import tsx bench/<name>.ts
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const only = process.argv.slice(2);
const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.includes(basename(f, '.ts')))
  .sort();

let failed = 0;
for (const f of files) {
  process.stdout.write(`\n=== ${basename(f, '.ts')} ===\n`);
  try {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { main?: () => Promise<void> };
    if (typeof mod.main === 'function') await mod.main();
  } catch (e) {
    failed++;
    process.stdout.write(`failed: ${(e as Error).stack ?? String(e)}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
