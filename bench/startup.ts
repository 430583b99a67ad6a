/**
 * How fast the built CLI starts, side by side with a bare `node -e 0` in the same run:
 *  - `--version` and `--help` (bar: within 2× of bare node);
 *  - `status` and `check --fast` on the demo project (bar: under 300 ms);
 *  - the wizard's first frame in a real terminal (bar: under 500 ms);
 *  - the wizard's resident memory after visiting every screen of the demo (bar: under 150 MB).
 * Needs `npm run build` first (npm run bench does it). Run: node --import tsx bench/startup.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runInPty, type PtySession } from '../test/helpers/pty.js';
import { runIfMain } from './_main.js';

const RUNS = 9;
const WIZARD_RUNS = 5;

/** What each wizard step shows once its screen has its data, on the demo project. */
const SCREENS: { key: string; name: string; text: string | RegExp }[] = [
  { key: '1', name: 'dataset', text: /Findings \d+\/\d+/ },
  { key: '2', name: 'captions', text: 'showing 42' },
  { key: '3', name: 'config', text: 'Step math' },
  { key: '4', name: 'pod', text: 'failed' },
  { key: '5', name: 'monitor', text: 'No training run yet' },
  { key: '6', name: 'checkpoints', text: 'no training run is recorded' },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Wall time of one run of node with these arguments, until it exits. */
function timeOnce(args: string[], cwd: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return ms;
}

function timeMedian(args: string[], cwd: string): number {
  timeOnce(args, cwd); // a warm file cache for every row alike
  return median(Array.from({ length: RUNS }, () => timeOnce(args, cwd)));
}

async function firstFrame(dir: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const t = runInPty([], { cwd: dir, cols: 120, rows: 40 });
  try {
    await t.waitForText('1 Dataset');
    return Number(process.hrtime.bigint() - t0) / 1e6;
  } finally {
    t.write('q');
    await Promise.race([t.exited, new Promise((r) => setTimeout(r, 3000))]);
    t.kill();
  }
}

async function procStatus(pid: number): Promise<{ rss: number; hwm: number }> {
  const s = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** Press a key until the text shows: a key sent while a screen is still mounting may go to the old one. */
async function pressUntil(t: PtySession, key: string, text: string | RegExp): Promise<void> {
  for (let i = 0; ; i++) {
    t.write(key);
    try {
      await t.waitForText(text, 5000);
      return;
    } catch (e) {
      if (i >= 12) throw e;
    }
  }
}

/** Visit every step of the wizard, each until its text shows, and read the process's memory after each. */
async function wizardMemory(dir: string): Promise<{ name: string; rss: number; hwm: number }[]> {
  const t = runInPty([], { cwd: dir, cols: 120, rows: 40 });
  const rows: { name: string; rss: number; hwm: number }[] = [];
  try {
    await t.waitForText('maya · maya_char', 30_000);
    for (const s of SCREENS) {
      await pressUntil(t, s.key, s.text);
      rows.push({ name: s.name, ...(await procStatus(t.pid)) });
    }
  } finally {
    t.write('q');
    await Promise.race([t.exited, new Promise((r) => setTimeout(r, 3000))]);
    t.kill();
  }
  return rows;
}

export async function main() {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const work = await mkdtemp(join(tmpdir(), 'lorapilot-bench-startup-'));
  const demo = join(work, 'demo');
  try {
    const made = spawnSync(process.execPath, [BIN, 'demo', demo, '--no-open'], { cwd: work, encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`lorapilot demo failed: ${made.stderr}`);

    const node = timeMedian(['-e', '0'], work);
    const rows: [string, number, string][] = [
      ['node -e 0', node, ''],
      ['lorapilot --version', timeMedian([BIN, '--version'], work), 'within 2× of node'],
      ['lorapilot --help', timeMedian([BIN, '--help'], work), 'within 2× of node'],
      ['lorapilot status (demo)', timeMedian([BIN, 'status'], demo), '< 300 ms'],
      ['lorapilot check --fast (demo)', timeMedian([BIN, 'check', '--fast'], demo), '< 300 ms'],
    ];
    console.log(`median of ${RUNS} runs, wall time until exit`);
    for (const [name, ms, bar] of rows) {
      console.log(`  ${name.padEnd(32)}${ms.toFixed(0).padStart(6)} ms  ${(ms / node).toFixed(1).padStart(5)}×  ${bar}`);
    }

    const frames: number[] = [];
    for (let i = 0; i < WIZARD_RUNS; i++) frames.push(await firstFrame(demo));
    console.log(`  ${'wizard first frame (pty)'.padEnd(32)}${median(frames).toFixed(0).padStart(6)} ms  ${(median(frames) / node).toFixed(1).padStart(5)}×  < 500 ms (median of ${WIZARD_RUNS})`);

    const mem = await wizardMemory(demo);
    console.log('wizard memory on the demo, after each screen (VmRSS / VmHWM):');
    for (const m of mem) console.log(`  ${m.name.padEnd(32)}${m.rss.toFixed(0).padStart(6)} MB  peak ${m.hwm.toFixed(0)} MB`);
    const last = mem[mem.length - 1];
    console.log(`  after every screen: ${last.rss.toFixed(0)} MB resident, peak ${last.hwm.toFixed(0)} MB (bar: < 150 MB)`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
