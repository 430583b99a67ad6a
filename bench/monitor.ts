/**
 * The monitor end to end:
 *  - re-attaching to a 300 MB log: time until the whole run is read and a whole-run chart frame is drawn;
 *  - idle CPU of `lorapilot monitor --replay LOG --follow` in a real terminal while the log is quiet.
 *   npm run build && node --import tsx bench/monitor.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LocalTarget } from '../src/remote/local-target.js';
import { startMonitor } from '../src/training/monitor.js';
import { renderChart } from '../src/ui/loss-chart.js';
import { BIN, runInPty } from '../test/helpers/pty.js';
import { DATA, ensureLog } from './parser.js';
import { runIfMain } from './_main.js';

function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14, 15)
}

export async function main(): Promise<void> {
  const big = await ensureLog(join(DATA, 'monitor-300mb.log'), { bytes: 300e6 });
  const mb = statSync(big).size / 1e6;
  const snapshot = { file: join(DATA, 'monitor-300mb.snapshot.json'), key: 'bench' };
  rmSync(snapshot.file, { force: true });
  const attach = async () => {
    const t = performance.now();
    const h = startMonitor({ target: new LocalTarget(), log: big, from: 0, follow: false, snapshot });
    const snap = await h.done;
    const last = h.model.series.lastStep ?? 0;
    renderChart({ width: 116, height: 28, from: 0, to: last, columns: (c) => h.model.series.downsample(0, last, c), checkpoints: snap.checkpoints.map((c) => c.step ?? 0) });
    return { s: (performance.now() - t) / 1000, steps: h.model.series.count };
  };
  const cold = await attach();
  console.log(`monitor: first attach to a ${mb.toFixed(0)} MB log (${cold.steps.toLocaleString('en-US')} steps), whole log parsed, whole-run chart drawn: ${cold.s.toFixed(2)} s`);
  const again = await attach();
  console.log(`  re-attach (snapshot at the stored offset, then the new bytes), whole-run chart drawn: ${again.s.toFixed(2)} s (${again.steps.toLocaleString('en-US')} steps)   target ≤ 2 s: ${again.s <= 2 ? 'met' : 'NOT met'}`);

  if (!existsSync(BIN)) {
    console.log('  idle CPU: skipped (build first: npm run build)');
    return;
  }
  const quiet = await ensureLog(join(DATA, 'monitor-quiet.log'), { steps: 3000 });
  const pty = runInPty(['monitor', '--replay', quiet, '--follow'], { cwd: DATA, cols: 120, rows: 36, env: { LORAPILOT_NOTIFY: 'off' } });
  await pty.waitForText('Loss · whole run', 30_000);
  await new Promise((r) => setTimeout(r, 3000)); // settle: sample previews, first polls
  const pid = findPid();
  const hz = 100; // USER_HZ on Linux
  const a = cpuTicks(pid);
  const seconds = 10;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const used = (cpuTicks(pid) - a) / hz;
  pty.kill();
  const pct = (used / seconds) * 100;
  console.log(`  idle CPU following a quiet log in a real terminal: ${pct.toFixed(2)} % of one core over ${seconds} s   target < 3 %: ${pct < 3 ? 'met' : 'NOT met'}`);
}

/** The pid of the monitor this bench started (the newest process running it). */
function findPid(): number {
  return Number(execFileSync('pgrep', ['-n', '-f', 'lorapilot.js monitor --replay']).toString().trim());
}

runIfMain(import.meta.url, main);
