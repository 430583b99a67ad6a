/**
 * Peak resident memory of `lorapilot monitor --replay FILE --no-follow` (the built binary, no
 * terminal) on a 600 MB log that is one line without a newline, and on the same bytes with a
 * training bar at each end. Peak RSS is VmHWM from /proc, read until the process exits.
 *   npm run build && node --import tsx bench/replay-memory.ts
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../test/helpers/pty.js';
import { DATA } from './parser.js';
import { runIfMain } from './_main.js';

const MB = 1e6;
const LIMIT_MB = 300;

/** `bytes` of words and spaces with no `\r` or `\n`, written in 1 MB pieces. */
function ensureOneLine(path: string, bytes: number, head = '', tail = ''): string {
  if (existsSync(path) && statSync(path).size === bytes + head.length + tail.length) return path;
  mkdirSync(DATA, { recursive: true });
  const piece = Buffer.from('lorem ipsum dolor sit amet '.repeat(Math.ceil(MB / 27)).slice(0, MB));
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    for (let left = bytes; left > 0; left -= piece.length) writeSync(fd, left >= piece.length ? piece : piece.subarray(0, left));
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
  return path;
}

function vmHwm(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function peakRss(file: string): Promise<{ peak: number; code: number | null; stderr: string; lines: number }> {
  const child = spawn(process.execPath, [BIN, 'monitor', '--replay', file, '--no-follow'], { cwd: DATA, env: { ...process.env, LORAPILOT_NOTIFY: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let peak = 0;
  let stderr = '';
  let lines = 0;
  child.stdout.on('data', (d: Buffer) => (lines += d.toString().split('\n').length - 1));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()).slice(-2000));
  const timer = setInterval(() => (peak = Math.max(peak, vmHwm(child.pid!) ?? 0)), 20);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearInterval(timer);
  return { peak, code, stderr: stderr.trim().split('\n').slice(-1)[0] ?? '', lines };
}

export async function main(): Promise<void> {
  if (!existsSync(BIN)) {
    console.log('replay memory: skipped (build first: npm run build)');
    return;
  }
  const bar = (n: number) => `\rmaya:  ${n ? 100 : 0}%|${n ? '##########' : '          '}| ${n}/10 [00:10<00:00,  1.00it/s, lr: 1.0e-04 loss: 1.234e-01]`;
  const cases = [
    { label: '600 MB on one line, no newline', file: ensureOneLine(join(DATA, 'one-line-600mb.log'), 600 * MB) },
    { label: '600 MB line between two bar redraws', file: ensureOneLine(join(DATA, 'one-line-600mb-bars.log'), 600 * MB, bar(0) + '\n', bar(10) + '\n') },
  ];
  for (const c of cases) {
    const r = await peakRss(c.file);
    const mb = r.peak / 2 ** 20;
    console.log(`replay memory: ${c.label}: peak RSS ${mb.toFixed(0)} MB, exit ${r.code}, ${r.lines} lines printed${r.stderr ? ` (stderr: ${r.stderr.slice(0, 120)})` : ''}   target < ${LIMIT_MB} MB: ${mb < LIMIT_MB && r.code === 0 ? 'met' : 'NOT met'}`);
  }
}

runIfMain(import.meta.url, main);
