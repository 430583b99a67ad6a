import { describe, expect, it } from 'vitest';
import { OffsetSaver } from '../../../src/training/offset-saver.js';

/** A clock the test moves, and a record of what reached the project file, in order. */
function harness(opts: { failAt?: number } = {}) {
  let now = 0;
  const writes: string[] = [];
  let release: () => void = () => {};
  let began: () => void = () => {};
  const slowBegan = new Promise<void>((r) => (began = r));
  const saver = new OffsetSaver('/project', 100, {
    everyMs: 1000,
    now: () => now,
    save: async (_dir, offset) => {
      if (offset === opts.failAt) throw new Error('lorapilot.yaml is not writable');
      if (offset === 999) {
        began();
        await new Promise<void>((r) => (release = r));
      }
      writes.push(`offset ${offset}`);
    },
  });
  return { saver, writes, tick: (ms: number) => (now += ms), slowBegan, release: () => release() };
}

describe('OffsetSaver', () => {
  it('writes at most once a second while bytes arrive, and the last offset on flush', async () => {
    const h = harness();
    h.saver.offer(100); // what the file has already: nothing to write
    h.saver.offer(200);
    h.tick(300);
    h.saver.offer(300);
    h.tick(800);
    h.saver.offer(400);
    h.saver.offer(500);
    await h.saver.flush();
    expect(h.writes).toEqual(['offset 200', 'offset 400', 'offset 500']);
    await h.saver.flush();
    expect(h.writes).toHaveLength(3);
  });

  it('drops a failed write and keeps going', async () => {
    const h = harness({ failAt: 200 });
    h.saver.offer(200);
    h.tick(1000);
    h.saver.offer(300);
    await h.saver.flush();
    expect(h.writes).toEqual(['offset 300']);
  });

  it('queues other project writes after the offsets already on their way', async () => {
    const h = harness();
    h.saver.offer(999); // a slow write of the project file
    const verdict = h.saver.queue(async () => {
      h.writes.push('verdict');
    });
    await h.slowBegan;
    expect(h.writes).toEqual([]);
    h.release();
    await verdict;
    expect(h.writes).toEqual(['offset 999', 'verdict']);
  });
});
