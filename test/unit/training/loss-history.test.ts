import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedLossHistory } from '../../../src/training/loss-history.js';
import { LossSeries } from '../../../src/training/loss-series.js';
import { startMonitor } from '../../../src/training/monitor.js';
import { LocalTarget } from '../../../src/remote/local-target.js';
import { synthLog } from '../../fixtures/logs/synth.js';
import { tempDir } from '../../helpers/tmp.js';

/** Launches of one job in the project's runs folder, as `lorapilot train` leaves them (oldest first). */
async function launches(runs: Array<{ id: string; name?: string; steps: number; start?: number; stopAt?: number }>) {
  const dir = await tempDir('lorapilot-history-');
  let t = 1_700_000_000;
  const logs: string[] = [];
  for (const r of runs) {
    await mkdir(join(dir, 'runs', r.id), { recursive: true });
    const log = join(dir, 'runs', r.id, 'run.log');
    await writeFile(log, synthLog({ name: r.name ?? 'maya', steps: r.steps, start: r.start, stopAt: r.stopAt, loss: (k) => 1 + k / 1000 + (r.start ?? 0) / 100 }));
    await utimes(log, t, t);
    t += 60;
    logs.push(log);
  }
  return { dir, logs };
}

describe('loss history across launches of a job', () => {
  it('seeds the steps before the watched launch, each resume replacing the steps it re-runs', async () => {
    // launch a ran to step 39 and stopped; b resumed at 30 and stopped at 60; c (watched) resumes at 50
    const { logs } = await launches([
      { id: 'a', steps: 100, stopAt: 40 },
      { id: 'b', steps: 100, start: 30, stopAt: 60 },
      { id: 'c', steps: 100, start: 50 },
    ]);
    const series = new LossSeries();
    const n = await seedLossHistory(series, new LocalTarget(), { log: logs[2], jobName: 'maya' });
    expect(n).toBeGreaterThan(0);
    expect(series.firstStep).toBe(0);
    // steps 30… come from launch b (its loss carries its start), earlier ones from a
    expect(series.valueAt(10)).toBeCloseTo(1.01, 3);
    expect(series.valueAt(35)).toBeCloseTo(1.335, 3);
  });

  it("leaves out another job's launches in the same runs folder", async () => {
    const { logs } = await launches([
      { id: 'a', name: 'other', steps: 20 },
      { id: 'b', steps: 20 },
    ]);
    const series = new LossSeries();
    expect(await seedLossHistory(series, new LocalTarget(), { log: logs[1], jobName: 'maya' })).toBe(0);
  });

  it('the monitor of a resumed launch charts the whole run from step 0', async () => {
    const { logs } = await launches([
      { id: 'a', steps: 100, stopAt: 40 },
      { id: 'b', steps: 60, start: 30 },
    ]);
    const h = startMonitor({ target: new LocalTarget(), log: logs[1], follow: false, jobName: 'maya', history: true });
    await h.done;
    expect(h.model.series.firstStep).toBe(0);
    expect(h.model.series.lastStep).toBe(59);
    // the watched launch's own values win from its first step
    expect(h.model.series.valueAt(35)).toBeCloseTo(1.335, 3);
  });
});
