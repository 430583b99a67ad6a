/**
 * From a log line written on the pod to its arrival on the client, over loopback SSH: a writer appends
 * timestamped lines to a run log (as ai-toolkit does through the detached runner), the client follows it by
 * byte offset (followRun → tailFile over SFTP) and measures when each line arrives. Bar: p95 < 1 s.
 *   node --import tsx bench/latency.ts
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followRun } from '../src/pod/job.js';
import { SshTarget } from '../src/remote/ssh-target.js';
import { startSshd } from '../test/helpers/sshd.js';
import { runIfMain } from './_main.js';

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

export async function main(): Promise<{ p50: number; p95: number; max: number; lines: number }> {
  const work = await mkdtemp(join(tmpdir(), 'lorapilot-bench-latency-'));
  const sshd = await startSshd();
  const log = join(work, 'run.log');
  const exitCode = join(work, 'exit-code');
  await writeFile(log, '');
  const target = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
  await target.connect();
  const N = 200;
  // The writer is a separate process on the "pod", like the trainer: one line every 20-80 ms, with the
  // wall-clock time it was written (same machine, same clock).
  const writer = spawn(
    process.execPath,
    [
      '-e',
      `const fs=require('fs');let i=0;const fd=fs.openSync(${JSON.stringify(log)},'a');` +
        `function next(){if(i>=${N}){fs.writeFileSync(${JSON.stringify(exitCode)},'0');return;}` +
        `fs.writeSync(fd,'\\rmaya_v1:  42%|████▏     | '+(i++)+'/3000 [00:01<34:59,  1.20s/it, lr: 1.0e-04 loss: 3.457e-01] t='+Date.now()+'\\n');` +
        `setTimeout(next,20+Math.random()*60);}next();`,
    ],
    { stdio: 'ignore' },
  );
  const delays: number[] = [];
  let carry = '';
  for await (const c of followRun(target, { log, exitCode }, 0)) {
    const now = Date.now();
    carry += c.data.toString('utf8');
    const parts = carry.split('\n');
    carry = parts.pop() ?? '';
    for (const line of parts) {
      const m = / t=(\d+)$/.exec(line);
      if (m) delays.push(now - Number(m[1]));
    }
  }
  writer.kill();
  await target.close();
  await sshd.stop();
  await rm(work, { recursive: true, force: true });
  const sorted = [...delays].sort((a, b) => a - b);
  const r = { p50: pct(sorted, 0.5), p95: pct(sorted, 0.95), max: sorted[sorted.length - 1], lines: delays.length };
  console.log(`log line → client over loopback SSH (tailFile, 200 ms poll): ${r.lines} lines, p50 ${r.p50} ms, p95 ${r.p95} ms, max ${r.max} ms (bar: p95 < 1000 ms)`);
  return r;
}

runIfMain(import.meta.url, main);
