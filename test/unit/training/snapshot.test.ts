import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalTarget } from '../../../src/remote/local-target.js';
import { LossSeries } from '../../../src/training/loss-series.js';
import { startMonitor } from '../../../src/training/monitor.js';
import { tempDir } from '../../helpers/tmp.js';

const FIX = join(import.meta.dirname, '../../fixtures/logs');

describe('re-attach from a saved snapshot', () => {
  it('continues from the saved offset and ends with exactly the state of one full read', async () => {
    const dir = await tempDir('lorapilot-snap-');
    const full = await readFile(join(FIX, 'qwen-run.txt'));
    // cut in the middle of a bar redraw: the snapshot must not lose or double that step
    const cut = full.indexOf('maya_char_v1:  50%') + 10;
    const log = join(dir, 'run.log');
    await writeFile(log, full.subarray(0, cut));
    const snapshot = { file: join(dir, 'cache', 'snap.json'), key: 'run-1' };
    const first = startMonitor({ target: new LocalTarget(), log, follow: false, snapshot });
    const a = await first.done;
    expect(a.offset).toBe(cut);
    await appendFile(log, full.subarray(cut));

    const events: string[] = [];
    const second = startMonitor({ target: new LocalTarget(), log, follow: false, snapshot, onEvent: (e) => e.type === 'loss' && events.push(String(e.step)) });
    // the whole run so far is there before a byte is read
    const b = await second.done;
    const oneRead = startMonitor({ target: new LocalTarget(), log, follow: false });
    const c = await oneRead.done;
    expect(second.model.series.count).toBe(60);
    expect(second.model.series.points()).toEqual(oneRead.model.series.points());
    expect(b.checkpoints).toEqual(c.checkpoints);
    expect(b.status).toBe('finished');
    // only the steps after the snapshot were read again
    expect(Number(events[0])).toBeGreaterThan(20);
    expect(new Set(events).size).toBe(events.length);
  });

  it('ignores a snapshot of another run', async () => {
    const dir = await tempDir('lorapilot-snap-');
    const log = join(dir, 'run.log');
    await writeFile(log, await readFile(join(FIX, 'fast-steps.txt')));
    const file = join(dir, 'snap.json');
    await startMonitor({ target: new LocalTarget(), log, follow: false, snapshot: { file, key: 'run-1' } }).done;
    const other = startMonitor({ target: new LocalTarget(), log, follow: false, snapshot: { file, key: 'run-2' } });
    const s = await other.done;
    expect(other.model.series.count).toBe(40);
    expect(s.offset).toBe((await readFile(log)).length);
  });

  it('round-trips a series exactly', () => {
    const s = new LossSeries({ recent: 64, levelCapacity: 16, factor: 4 });
    for (let k = 0; k < 5000; k++) s.add(k, Math.sin(k) + 2);
    const r = LossSeries.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    expect(r.downsample(0, 4999, 50)).toEqual(s.downsample(0, 4999, 50));
    r.add(5000, 1);
    s.add(5000, 1);
    expect(r.last).toEqual(s.last);
  });
});

describe('loss series for other steps (checkpoints)', () => {
  it('reads the losses of a run from its log when there is no loss_log.db', async () => {
    const { loadLossSeries } = await import('../../../src/training/loss-source.js');
    const r = await loadLossSeries(new LocalTarget(), { output: join(FIX, 'nowhere'), log: join(FIX, 'qwen-run.txt') });
    expect(r.source).toBe('log');
    expect(r.series.count).toBe(60);
    expect(r.series.around(30, 5)!.count).toBe(11);
  });
});
