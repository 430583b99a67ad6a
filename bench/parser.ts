/**
 * Parser throughput on a 100 MB ai-toolkit log (bytes → typed events), against
 * `tr '\r' '\n' < LOG | grep -c 'loss:'` on the same file in the same run; and peak RSS of a
 * 1,000,000-step run streamed through the parser, the loss series and the red flags.
 *   node --import tsx bench/parser.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LogParser } from '../src/training/parser.js';
import { RunModel } from '../src/training/run-model.js';
import { defaultLoss, pyExp, tqdmLine } from '../test/fixtures/logs/synth.js';
import { runIfMain } from './_main.js';

export const DATA = join(import.meta.dirname, '.data');

/**
 * ai-toolkit console output for `steps` steps, written in pieces (never whole in memory): two
 * redraws per step (§1.3), a save every 250 steps, a sample pass every 500.
 */
export function* logPieces(steps: number, name = 'maya_char_v1'): Generator<string> {
  let out: string[] = ['Running 1 job\n', `\n#############################################\n# Running job: ${name}\n#############################################\n\n`];
  let last = 0;
  const redraw = (line: string) => {
    out.push('\r' + line + (last > line.length ? ' '.repeat(last - line.length) : ''));
    last = line.length;
  };
  const rate = 1 / 1.2;
  for (let k = 0; k < steps; k++) {
    const post = `lr: 1.0e-04 loss: ${pyExp(defaultLoss(k), 3)}`;
    redraw(tqdmLine(name, k, steps, k * 1.2, k ? rate : null, post));
    if (k % 250 === 0 && k > 0) {
      out.push(`\nSaving at step ${k}\nSaved checkpoint to output/${name}/${name}_${String(k).padStart(9, '0')}.safetensors\nSaved optimizer to output/${name}/optimizer.pt\n`);
      last = 0;
    }
    if (k % 500 === 0 && k > 0) {
      out.push('\rGenerating Samples:   0%|          | 0/2 [00:00<?, ?it/s]\rGenerating Samples: 100%|██████████| 2/2 [00:03<00:00,  0.66it/s]\n\n');
      last = 0;
    }
    redraw(tqdmLine(name, k + 1, steps, k * 1.2 + 1.2, rate, post));
    if (out.length > 4096) {
      yield out.join('');
      out = [];
    }
  }
  out.push('\n');
  yield out.join('');
}

/** Write a log of about `bytes` bytes (or `steps` steps) unless it is already there. */
export async function ensureLog(file: string, opts: { bytes?: number; steps?: number }): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  const steps = opts.steps ?? Math.ceil((opts.bytes ?? 100e6) / 232);
  if (existsSync(file) && (!opts.bytes || statSync(file).size >= opts.bytes * 0.95)) return file;
  const ws = createWriteStream(file);
  for (const piece of logPieces(steps)) if (!ws.write(piece)) await new Promise<void>((r) => ws.once('drain', () => r()));
  await new Promise<void>((r) => ws.end(r));
  return file;
}

function parseFile(file: string): { ms: number; events: number } {
  const buf = readFileSync(file);
  const t = process.hrtime.bigint();
  const p = new LogParser();
  let n = 0;
  const chunk = 4 << 20;
  for (let i = 0; i < buf.length; i += chunk) n += p.push(buf.subarray(i, i + chunk)).length;
  n += p.end().length;
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, events: n };
}

/** Child process: stream a 1,000,000-step run through parser + model, report peak RSS. */
async function rssChild(steps: number): Promise<void> {
  const model = new RunModel({ stepsPerEpoch: 3400 });
  const p = new LogParser();
  for (const piece of logPieces(steps)) for (const e of p.push(Buffer.from(piece))) model.apply(e);
  for (const e of p.end()) model.apply(e);
  const cols = model.series.downsample(0, steps - 1, 200);
  process.stdout.write(JSON.stringify({ maxRssKB: process.resourceUsage().maxRSS, points: model.series.count, columns: cols.length, seriesBytes: model.series.memoryBytes() }));
}

export async function main(): Promise<void> {
  const log = await ensureLog(join(DATA, 'parser-100mb.log'), { bytes: 100e6 });
  const size = statSync(log).size;
  const mb = size / 1e6;
  // baseline: one pass over the bytes with coreutils
  let count = '';
  const baseRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    const tb = process.hrtime.bigint();
    count = execFileSync('/bin/sh', ['-c', `tr '\\r' '\\n' < '${log}' | grep -c 'loss:'`]).toString().trim();
    baseRuns.push(Number(process.hrtime.bigint() - tb) / 1e6);
  }
  const baseMs = Math.min(...baseRuns);
  const runs = [parseFile(log), parseFile(log), parseFile(log)];
  const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
  const mbps = mb / (best.ms / 1000);
  const baseMbps = mb / (baseMs / 1000);
  console.log(`parser: ${mb.toFixed(1)} MB log, ${best.events.toLocaleString('en-US')} typed events`);
  console.log(`  lorapilot parser      ${best.ms.toFixed(0)} ms  ${mbps.toFixed(0)} MB/s (best of 3: ${runs.map((r) => r.ms.toFixed(0)).join(', ')} ms)   target ≥ 150 MB/s: ${mbps >= 150 ? 'met' : 'NOT met'}`);
  console.log(`  tr | grep -c 'loss:'  ${baseMs.toFixed(0)} ms  ${baseMbps.toFixed(0)} MB/s (best of 3: ${baseRuns.map((r) => r.toFixed(0)).join(', ')} ms; ${count} lines)`);
  console.log(`  ratio parser / tr|grep: ${(mbps / baseMbps).toFixed(2)}`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--rss-child', '1000000'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(child.stderr);
  const r = JSON.parse(child.stdout) as { maxRssKB: number; points: number; columns: number; seriesBytes: number };
  const peak = r.maxRssKB / 1024;
  console.log(`  1,000,000-step run through parser + series + red flags: peak RSS ${peak.toFixed(0)} MB (series ${(r.seriesBytes / 1048576).toFixed(1)} MB for ${r.points.toLocaleString('en-US')} points)   target < 200 MB: ${peak < 200 ? 'met' : 'NOT met'}`);
}

if (process.argv.includes('--rss-child')) await rssChild(Number(process.argv[process.argv.indexOf('--rss-child') + 1]));
else runIfMain(import.meta.url, main);
