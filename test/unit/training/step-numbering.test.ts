import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../src/training/events.js';
import { LogParser, parseLog } from '../../../src/training/parser.js';
import { defaultLoss, pyExp, synthLog } from '../../fixtures/logs/synth.js';

const FIX = join(import.meta.dirname, '../../fixtures/logs');
const fixture = (name: string) => readFileSync(join(FIX, name));
const ofType = <T extends TrainingEvent['type']>(events: TrainingEvent[], type: T) => events.filter((e) => e.type === type) as Array<Extract<TrainingEvent, { type: T }>>;
const losses = (events: TrainingEvent[]) => ofType(events, 'loss').map((e) => [e.step, e.loss] as const);
const shown = (k: number) => Number(pyExp(defaultLoss(k), 3));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('bars narrow terminals and cut pastes draw', () => {
  it('reads a bar with no cells as progress and loss', () => {
    const ev = parseLog('maya_v2:  41%| 1230/3000 [1:04:12<1:32:25,  3.13s/it, lr: 1.0e-04 loss: 1.882e-01]\n');
    expect(losses(ev)).toEqual([[1230, 0.1882]]);
    expect(ofType(ev, 'progress')[0]).toMatchObject({ count: 1230, total: 3000, elapsed: 3852, eta: 5545 });
    expect(ofType(ev, 'line')).toEqual([]);
  });

  it('reads a bar whose name and percentage were cut off', () => {
    const ev = parseLog('|####2     | 1050/2500 [13:04<18:03,  1.34it/s, lr: 1.8e-04 loss: 9.114e-02]\n');
    expect(losses(ev)).toEqual([[1050, 0.09114]]);
    expect(ofType(ev, 'progress')[0]).toMatchObject({ count: 1050, total: 2500, rate: 1.34 });
  });

  it('reads every step of whole runs drawn either way', () => {
    for (const name of ['no-cells.txt', 'cut-description.txt']) {
      const ev = parseLog(fixture(name), { jobName: 'maya_v2' });
      expect(losses(ev), name).toEqual(range(0, 30).map((k) => [k, shown(k)]));
      expect(ofType(ev, 'progress').at(-1)!.count, name).toBe(30);
    }
  });

  it('does not take a message with pipes and a fraction for a bar', () => {
    const ev = parseLog('note | a | 1/2 [done]\nsplit|x| 3/4 [00:00<?, ?it/s]\n');
    expect(ofType(ev, 'progress')).toEqual([]);
  });
});

describe('step numbering before and after ai-toolkit 27a03a91', () => {
  it('puts each loss on its 0-based step when the bar lags one step behind', () => {
    const ev = parseLog(fixture('legacy-run.txt'));
    // crash at 23, resume from 20; step 14 was skipped (OOM), step 17's loss was NaN (zeroed, not kept)
    const first = range(0, 23).filter((k) => k !== 14 && k !== 17);
    expect(losses(ev)).toEqual([...first, ...range(20, 40)].map((k) => [k, shown(k)]));
    expect(ofType(ev, 'oom').map((e) => e.step)).toEqual([14]);
    expect(ofType(ev, 'nan').map((e) => e.step)).toEqual([17]);
    expect(ofType(ev, 'checkpoint').map((e) => e.step)).toEqual([10, 20, 30, 40]);
    // the legacy bar ends at 39/40; the run still reads as complete
    expect(ofType(ev, 'progress').at(-1)!.count).toBe(40);
  });

  it('gives the same losses, steps and progress for both numberings of one run', () => {
    const o = { name: 'maya', steps: 60, saveEvery: 25, sampleEvery: 30, secPerStep: 0.5, startup: false } as const;
    const pick = (ev: TrainingEvent[]) => ev.filter((e) => e.type === 'loss' || e.type === 'checkpoint');
    const current = parseLog(synthLog(o));
    const legacy = parseLog(synthLog({ ...o, legacy: true }));
    expect(pick(legacy)).toEqual(pick(current));
    expect(losses(current)).toEqual(range(0, 60).map((k) => [k, shown(k)]));
    const done = (ev: TrainingEvent[]) => ofType(ev, 'progress').map((p) => p.count);
    expect(done(legacy).at(-1)).toBe(60);
    // the legacy bar never shows 1 (its update after step 0 does not move it); otherwise the same counts
    expect(new Set(done(legacy))).toEqual(new Set(done(current).filter((c) => c !== 1)));
  });

  it('tells the numbering from a save when fast steps hide the first update redraws', () => {
    // steps of 20 ms: tqdm draws few update redraws; the postfix redraws still tell
    const o = { name: 'maya', steps: 40, saveEvery: 10, secPerStep: 0.02, startup: false } as const;
    expect(losses(parseLog(synthLog({ ...o, legacy: true })))).toEqual(range(0, 40).map((k) => [k, shown(k)]));
    expect(losses(parseLog(synthLog(o)))).toEqual(range(0, 40).map((k) => [k, shown(k)]));
  });
});

describe('a parser state saved before the numbering was kept', () => {
  it('restores and goes on reading', () => {
    const p = new LogParser({ jobName: 'maya' });
    p.push(synthLog({ name: 'maya', steps: 20, secPerStep: 0.5, startup: false, legacy: true }).slice(0, 2000));
    const { numbering: _n, barLosses: _b, barFirstCount: _f, lossCount: _l, ...old } = p.state;
    const q = new LogParser({ jobName: 'maya' }, old as typeof p.state);
    expect(q.state.barLosses).toBe(0);
    const ev = q.push('\rmaya:  50%|#####     | 10/20 [00:05<00:05,  2.00it/s, lr: 1.0e-04 loss: 1.111e-01]\n');
    expect(ev.filter((e) => e.type === 'loss')).toEqual([{ type: 'loss', step: 10, loss: 0.1111, lr: 0.0001 }]);
  });
});
