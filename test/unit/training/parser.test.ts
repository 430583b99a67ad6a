import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findBar, parseClock, parseRate, readBar } from '../../../src/training/bar.js';
import type { TrainingEvent } from '../../../src/training/events.js';
import { trainingEventSchema } from '../../../src/training/events.js';
import { LogParser, parseLog } from '../../../src/training/parser.js';
import { defaultLoss, pyExp, synthLog } from '../../fixtures/logs/synth.js';

const FIX = join(import.meta.dirname, '../../fixtures/logs');
const fixture = (name: string) => readFileSync(join(FIX, name));
const ofType = <T extends TrainingEvent['type']>(events: TrainingEvent[], type: T) => events.filter((e) => e.type === type) as Array<Extract<TrainingEvent, { type: T }>>;
const losses = (events: TrainingEvent[]) => ofType(events, 'loss').map((e) => [e.step, e.loss] as const);
/** What the bar shows for step k: `{loss:.3e}` */
const shown = (k: number, f = defaultLoss) => Number(pyExp(f(k), 3));

describe('training bar', () => {
  it('reads every field of a tqdm redraw (reference §1.3)', () => {
    const b = readBar('maya_char_v1:  42%|████▏     | 1251/3000 [00:01<34:59,  1.20s/it, lr: 1.0e-04 loss: 3.457e-01]')!;
    expect(b).toMatchObject({ desc: 'maya_char_v1', percent: 42, count: 1251, total: 3000, elapsed: 1, eta: 34 * 60 + 59, lr: '1.0e-04', loss: '3.457e-01', closed: true });
    expect(b.rate).toBeCloseTo(1 / 1.2);
  });

  it('reads hours over 99, unknown times and both rate units', () => {
    expect(parseClock('123:45:06')).toBe(123 * 3600 + 45 * 60 + 6);
    expect(parseClock('?')).toBeNull();
    expect(parseClock('1d 02:00:00')).toBe(86400 + 7200);
    expect(parseRate(' 3.99it/s')).toBe(3.99);
    expect(parseRate('?it/s')).toBeNull();
    expect(parseRate('2.00s/it')).toBe(0.5);
  });

  it('does not take a bar cut off in its count, or a percentage inside a word', () => {
    expect(findBar('maya:  42%|▍| 1251/30')).toBeNull();
    expect(findBar('accuracy was 42% of 3/4 tries')).toBeNull();
    expect(findBar('abc42%|x| 1/2 [00:00<?, ?it/s]')).toBeNull();
  });
});

describe('log parser over fixtures written from the reference', () => {
  it('counts each step of the §1.3 example once, with the loss of that step', () => {
    const ev = parseLog(fixture('reference-example.txt'));
    const l = losses(ev);
    expect(l.map(([s]) => s)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(l[0][1]).toBe(0.4123);
    expect(l[1][1]).toBe(0.4011);
    expect(l[4][1]).toBe(0.3623);
    // step 11 shows the same loss text as step 10: still its own step
    expect(l[11][1]).toBe(0.3023);
    expect(ofType(ev, 'checkpoint')).toEqual([
      { type: 'checkpoint', step: 5, path: 'output/my_first_lora_v1/my_first_lora_v1_000000005.safetensors', final: false },
      { type: 'checkpoint', step: 12, path: 'output/my_first_lora_v1/my_first_lora_v1.safetensors', final: true },
    ]);
    const last = ofType(ev, 'progress').at(-1)!;
    expect(last).toMatchObject({ count: 12, total: 12, loss: 0.3023, lossStep: 11, rate: 3.99 });
  });

  it('reads a whole run: phases in order, saves, removals, every loss exactly as printed', () => {
    const ev = parseLog(fixture('qwen-run.txt'));
    expect(ofType(ev, 'job')[0].name).toBe('maya_char_v1');
    expect(ofType(ev, 'model')).toEqual([{ type: 'model', name: 'Qwen/Qwen-Image' }]);
    const phases = ofType(ev, 'phase').map((e) => e.phase);
    expect(phases.slice(0, 5)).toEqual(['loading', 'caching', 'sampling', 'training', 'saving']);
    expect(losses(ev)).toEqual(Array.from({ length: 60 }, (_, k) => [k, shown(k)]));
    expect(ofType(ev, 'checkpoint').map((c) => c.step)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(ofType(ev, 'removed').map((c) => c.step)).toEqual([10, 20]);
    for (const e of ev) expect(trainingEventSchema.safeParse(e).success).toBe(true);
  });

  it('keeps every step when tqdm skips the update redraws of fast steps', () => {
    const ev = parseLog(fixture('fast-steps.txt'));
    expect(losses(ev)).toEqual(Array.from({ length: 40 }, (_, k) => [k, shown(k)]));
  });

  it('reports OOM skips and a NaN loss without inventing losses for those steps', () => {
    const ev = parseLog(fixture('oom-nan.txt'));
    expect(ofType(ev, 'oom')).toEqual([
      { type: 'oom', attempt: 1, of: 3, step: 12 },
      { type: 'oom', attempt: 2, of: 3, step: 13 },
    ]);
    expect(ofType(ev, 'nan').map((e) => e.step)).toEqual([20]);
    const steps = losses(ev).map(([s]) => s);
    expect(steps).not.toContain(12);
    expect(steps).not.toContain(13);
    expect(steps).not.toContain(20); // the zeroed loss after `loss is nan` is not a value
    expect(steps).toHaveLength(27);
    expect(losses(ev).find(([s]) => s === 14)?.[1]).toBe(shown(14));
  });

  it('turns a crash into one error with its message and one traceback, warnings left out', () => {
    const ev = parseLog(fixture('crash.txt'));
    const errors = ofType(ev, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toBe('OOM during training step 3 times in a row, aborting training');
    expect(errors[0].traceback[0]).toBe('Traceback (most recent call last):');
    expect(errors[0].traceback.at(-1)).toBe('RuntimeError: OOM during training step 3 times in a row, aborting training');
    expect(errors[0].traceback.filter((l) => l.startsWith('Traceback'))).toHaveLength(1);
    expect(errors[0].traceback.join('\n')).not.toContain('UserWarning');
    expect(ofType(ev, 'oom')).toHaveLength(0);
    expect(new LogParser().push(fixture('crash.txt')) && true).toBe(true);
    const p = new LogParser();
    p.push(fixture('crash.txt'));
    expect(p.verdict()).toEqual({ exitCode: 1, ended: true });
  });

  it('reports a stop (Ctrl+C)', () => {
    const ev = parseLog(fixture('stopped.txt'));
    expect(ofType(ev, 'stopped')).toHaveLength(1);
    expect(losses(ev)).toHaveLength(15);
  });

  it('follows a resume: the re-run steps get their new losses and elapsed time keeps adding up', () => {
    const ev = parseLog(fixture('resume.txt'));
    expect(ofType(ev, 'resume')).toEqual([{ type: 'resume', step: 20, path: 'output/maya_char_v1/maya_char_v1_000000020.safetensors' }]);
    const l = losses(ev);
    // 0..22 from the first run, then 20..39 again from the resumed one
    expect(l.map(([s]) => s)).toEqual([...Array.from({ length: 23 }, (_, k) => k), ...Array.from({ length: 20 }, (_, k) => k + 20)]);
    expect(l.at(-1)).toEqual([39, 0.239]);
    const progress = ofType(ev, 'progress').filter((p) => p.elapsed !== null);
    const elapsed = progress.map((p) => p.elapsed!);
    for (let i = 1; i < elapsed.length; i++) expect(elapsed[i]).toBeGreaterThanOrEqual(elapsed[i - 1]);
    expect(ofType(ev, 'error')[0].message).toBe("'pixel_values'");
  });

  it('reads job names with spaces and dashes, Windows paths and CRLF line ends', () => {
    const ev = parseLog(fixture('windows-spaces.txt'));
    expect(ofType(ev, 'job')[0].name).toBe('Maya Char-v2 final');
    expect(losses(ev)).toHaveLength(12);
    expect(ofType(ev, 'checkpoint').map((c) => [c.step, c.final])).toEqual([
      [5, false],
      [10, false],
      [12, true],
    ]);
    expect(ofType(ev, 'checkpoint')[0].path).toBe('C:\\ai-toolkit\\output\\Maya Char-v2 final\\Maya Char-v2 final_000000005.safetensors');
  });

  it('reads lines pasted with a prefix', () => {
    const ev = parseLog(fixture('prefixed.txt'));
    expect(losses(ev)).toEqual(Array.from({ length: 12 }, (_, k) => [k, shown(k)]));
    expect(ofType(ev, 'checkpoint').map((c) => c.step)).toEqual([5, 10, 12]);
  });

  it('reads a whole log on one line', () => {
    const ev = parseLog(fixture('one-line.txt'));
    expect(losses(ev)).toEqual(Array.from({ length: 12 }, (_, k) => [k, shown(k)]));
    expect(ofType(ev, 'checkpoint').map((c) => c.step)).toEqual([5, 10, 12]);
  });

  it('copes with odd bars and ignores every bar but the training one', () => {
    const ev = parseLog(fixture('odd-bars.txt'));
    expect(ofType(ev, 'job')[0].name).toBe('maya-char v3');
    expect(losses(ev)).toEqual([
      [0, 0.4123],
      [1, 0.4011],
      [2, 0.395],
      [3, 0.3801],
      [4, 0.37],
    ]);
    const p = ofType(ev, 'progress');
    expect(p.some((e) => e.eta === 123 * 3600 + 45 * 60 + 5)).toBe(true);
    expect(p.every((e) => e.total === 3000)).toBe(true);
    expect(ofType(ev, 'loss').at(-1)!.lr).toBe(2.5e-5);
    // glued text after `]` is a line of its own
    expect(ofType(ev, 'line').map((l) => l.text)).toContain('Loss 9.1 is greater than max loss 5.0. Clipping to max loss.');
    expect(ofType(ev, 'phase').map((e) => e.phase)).toEqual(['loading', 'caching', 'training', 'sampling', 'training']);
  });

  it('reads s/it rates and ETAs of long runs', () => {
    const ev = parseLog(fixture('slow-long.txt'));
    const p = ofType(ev, 'progress').at(-1)!;
    expect(p.rate).toBeCloseTo(1 / 14, 3);
    expect(p.eta).toBeGreaterThan(99 * 3600);
  });
});

describe('streaming', () => {
  const log = synthLog({ name: 'maya char-v1', steps: 50, saveEvery: 10, sampleEvery: 25, oomAt: [33], nanAt: [40], secPerStep: (k) => (k % 3 ? 0.03 : 0.3) });
  const whole = parseLog(log);
  const bytes = Buffer.from(log);

  it('gives the same events whatever the chunking, down to split UTF-8 characters', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 200 }), (sizes) => {
        const p = new LogParser();
        const events: TrainingEvent[] = [];
        let at = 0;
        let i = 0;
        while (at < bytes.length) {
          const n = sizes[i++ % sizes.length];
          events.push(...p.push(bytes.subarray(at, at + n)));
          at += n;
        }
        events.push(...p.end());
        // A live bar is read as soon as it is complete, so progress may come earlier; the facts are the same.
        const facts = (e: TrainingEvent[]) => e.filter((x) => x.type !== 'progress' && x.type !== 'line');
        expect(facts(events)).toEqual(facts(whole));
      }),
      { numRuns: 60 },
    );
  });

  it('shows a live bar at once, before the next redraw terminates it', () => {
    const p = new LogParser({ jobName: 'maya' });
    const ev = p.push('\rmaya:   0%|          | 0/10 [00:00<?, ?it/s, lr: 1.0e-04 loss: 4.123e-01]');
    expect(ofType(ev, 'loss')).toEqual([{ type: 'loss', step: 0, loss: 0.4123, lr: 1e-4 }]);
    // the same bytes, terminated later, are not counted again
    expect(ofType(p.push('\rmaya:  10%|█         | 1/10 [00:01<00:09,  1.00it/s, lr: 1.0e-04 loss: 4.123e-01]'), 'loss')).toEqual([]);
  });
});
