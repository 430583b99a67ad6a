import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { facesSettings, FaceScanner } from '../../../src/faces/index.js';
import { workerLimit } from '../../../src/faces/pool-limit.js';
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

  it('takes the thread count from LORAPILOT_FACE_WORKERS, else faces.workers', () => {
    expect(workerLimit(facesSection.parse({ workers: 1 }), {})).toBe(1);
    expect(workerLimit(facesSection.parse({ workers: 1 }), { LORAPILOT_FACE_WORKERS: '2' })).toBe(2);
    expect(workerLimit(facesSection.parse({}), { LORAPILOT_FACE_WORKERS: 'many' })).toBeGreaterThanOrEqual(1);
  });
});
