import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../src/training/events.js';
import { MAX_LINE } from '../../../src/training/log-flags.js';
import { LogParser } from '../../../src/training/parser.js';

describe('a log line without end', () => {
  it('never holds more than the line limit, however long the line grows', () => {
    const p = new LogParser({ jobName: 'maya' });
    const events: TrainingEvent[] = [];
    const piece = 'lorem ipsum '.repeat(5000);
    let held = 0;
    for (let i = 0; i < 200; i++) {
      events.push(...p.push(piece));
      held = Math.max(held, p.pendingBytes);
    }
    events.push(...p.end());
    expect(held).toBeLessThanOrEqual(MAX_LINE + piece.length);
    expect(events.filter((e) => e.type === 'log')).toHaveLength(1);
    const lines = events.filter((e) => e.type === 'line');
    expect(lines).toHaveLength(1);
    expect(lines[0].type === 'line' && lines[0].text.length).toBeLessThanOrEqual(MAX_LINE + 2);
  });

  it('keeps reading bars from a whole log on one line, dropping what it has read', () => {
    const p = new LogParser({ jobName: 'maya' });
    const events: TrainingEvent[] = [];
    for (let k = 0; k < 3000; k++) {
      // every \r and \n lost: bars and messages glued in one endless line
      events.push(...p.push(`maya:  1%|          | ${k}/3000 [00:01<00:10,  1.00it/s, lr: 1.0e-04 loss: ${(1 + k / 10000).toFixed(4)}e-01] `));
      expect(p.pendingBytes).toBeLessThanOrEqual(MAX_LINE + 200);
    }
    events.push(...p.end());
    expect(events.filter((e) => e.type === 'loss')).toHaveLength(3000);
    expect(events.filter((e) => e.type === 'log')).toEqual([]);
  });
});
