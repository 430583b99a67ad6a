import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { distance, facesSettings, FaceScanner } from '../../../src/faces/index.js';
import { scoreFacesOffMainThread, scoringThreads, workerLimit } from '../../../src/faces/pool-limit.js';
import { facesSection } from '../../../src/project/index.js';
import { tempDir } from '../../helpers/tmp.js';
import { noFace, portrait, put } from './photos.js';

afterEach(() => {
  delete process.env.LORAPILOT_FACE_WORKERS;
});

describe('scoring on threads', () => {
  it('scores on two threads, keeps the input order and reports a broken image as its own result', { timeout: 120_000 }, async () => {
    const dir = await tempDir('lorapilot-faces-pool-');
    process.env.LORAPILOT_FACE_WORKERS = '2';
    const items = [
      { rel: 'b.jpg', path: await put(join(dir, 'b.jpg'), await portrait('b')) },
      { rel: 'broken.jpg', path: await put(join(dir, 'broken.jpg'), Buffer.from('not a jpeg at all')) },
      { rel: 'wall.jpg', path: await put(join(dir, 'wall.jpg'), await noFace()) },
      { rel: 'maya.jpg', path: await put(join(dir, 'maya.jpg'), await portrait('maya')) },
    ];
    const scanner = await FaceScanner.create(facesSettings(null), null);
    const seen: number[] = [];
    const results = await scanner.scanAll(items, { onProgress: (p) => seen.push(p.done) });
    await scanner.close();
    expect([...results.keys()]).toEqual(['b.jpg', 'broken.jpg', 'wall.jpg', 'maya.jpg']);
    const faces = [...results.values()].map((r) => (r.ok ? r.faces.faces.length : r.error));
    expect(faces[0]).toBe(1);
    expect(faces[1]).toMatch(/^cannot decode/);
    expect(faces[2]).toBe(0);
    expect(faces[3]).toBe(1);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('stops the threads when the caller aborts', { timeout: 60_000 }, async () => {
    const dir = await tempDir('lorapilot-faces-pool-');
    process.env.LORAPILOT_FACE_WORKERS = '2';
    const face = await portrait('c');
    const items = await Promise.all([0, 1, 2].map(async (i) => ({ rel: `${i}.jpg`, path: await put(join(dir, `${i}.jpg`), Buffer.concat([face, Buffer.from([i])])) })));
    const scanner = await FaceScanner.create(facesSettings(null), null);
    const ctl = new AbortController();
    const scan = scanner.scanAll(items, { signal: ctl.signal });
    setImmediate(() => ctl.abort(new Error('cancelled by the user')));
    await expect(scan).rejects.toThrow('cancelled by the user');
    await scanner.close();
  });

  it("scores on the wizard's one thread, for a whole scan and for a single image, as this process would", { timeout: 120_000 }, async () => {
    const dir = await tempDir('lorapilot-faces-pool-');
    const maya = await put(join(dir, 'maya.jpg'), await portrait('maya'));
    const b = await put(join(dir, 'b.jpg'), await portrait('b'));
    const here = await FaceScanner.create(facesSettings(null), null);
    const inProcess = await here.scan(maya);
    await here.close();
    expect(scoringThreads(facesSettings(null), 2, {})).toBe(0);
    scoreFacesOffMainThread();
    try {
      expect(scoringThreads(facesSettings(null), 1, {})).toBe(1);
      const scanner = await FaceScanner.create(facesSettings(null), null);
      const all = await scanner.scanAll([
        { rel: 'maya.jpg', path: maya },
        { rel: 'b.jpg', path: b },
      ]);
      // A later single image goes to the same thread, already loaded.
      const one = await scanner.scan(await put(join(dir, 'again.jpg'), Buffer.concat([await portrait('maya'), Buffer.from([1])])));
      await scanner.close();
      const m = all.get('maya.jpg')!;
      if (!m.ok || !inProcess.ok || !one.ok) throw new Error('a scan failed');
      expect(m.faces.faces).toHaveLength(1);
      expect(distance(m.faces.faces[0].descriptor, inProcess.faces.faces[0].descriptor)).toBeLessThan(1e-3);
      expect(one.faces.faces).toHaveLength(1);
      expect(all.get('b.jpg')!.ok).toBe(true);
    } finally {
      scoreFacesOffMainThread(false);
    }
  });

  it('takes the thread count from LORAPILOT_FACE_WORKERS, else faces.workers', () => {
    expect(workerLimit(facesSection.parse({ workers: 1 }), {})).toBe(1);
    expect(workerLimit(facesSection.parse({ workers: 1 }), { LORAPILOT_FACE_WORKERS: '2' })).toBe(2);
    expect(workerLimit(facesSection.parse({}), { LORAPILOT_FACE_WORKERS: 'many' })).toBeGreaterThanOrEqual(1);
  });
});
