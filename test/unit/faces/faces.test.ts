import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { distance, faceCachePath, facesSettings, FaceModelError, FaceScanner, openDetector, type ImageFaces } from '../../../src/faces/index.js';
import { facesSection } from '../../../src/project/index.js';
import { tempDir } from '../../helpers/tmp.js';
import { group, noFace, portrait, put, tinyFace, variants } from './photos.js';

let dir: string;
let scanner: FaceScanner;

// One model per file: the scanner (and the face-api nets behind it) serves every case here.
beforeAll(async () => {
  dir = await tempDir('lorapilot-faces-');
  scanner = await FaceScanner.create(facesSettings(null), faceCachePath(dir));
});

async function scan(name: string, data: Buffer): Promise<ImageFaces> {
  const r = await scanner.scan(await put(join(dir, 'img', name), data));
  if (!r.ok) throw new Error(r.error);
  return r.faces;
}

describe('face-api on real photographs', () => {
  it('finds the same person in transformed copies and other people far away', { timeout: 120_000 }, async () => {
    const maya = await scan('maya.jpg', await portrait('maya'));
    expect(maya.faces).toHaveLength(1);
    expect(maya.faces[0].descriptor).toHaveLength(128);
    const ref = maya.faces[0].descriptor;
    const threshold = await scanner.threshold();
    expect(threshold).toBe(0.6);
    for (const [kind, data] of Object.entries(await variants(await portrait('maya')))) {
      const v = await scan(`maya-${kind}.jpg`, data);
      expect(v.faces, kind).toHaveLength(1);
      expect(distance(v.faces[0].descriptor, ref), kind).toBeLessThan(threshold);
    }
    for (const who of ['b', 'c', 'd'] as const) {
      const other = await scan(`${who}.jpg`, await portrait(who));
      expect(other.faces, who).toHaveLength(1);
      expect(distance(other.faces[0].descriptor, ref), who).toBeGreaterThan(threshold);
    }
  });

  it('finds no face in a picture without one or with a face too small, and every face in a group photo', { timeout: 60_000 }, async () => {
    expect((await scan('gradient.jpg', await noFace())).faces).toHaveLength(0);
    expect((await scan('tiny.jpg', await tinyFace())).faces).toHaveLength(0);
    const g = await scan('group.jpg', await group());
    expect(g.faces).toHaveLength(3);
    expect(g.width).toBe(960);
    // Boxes are in the image's own pixels, left to right apart.
    const xs = g.faces.map((f) => f.box.x).sort((a, b) => a - b);
    expect(xs[2] - xs[0]).toBeGreaterThan(300);
  });

  it('reports an unreadable image as a result, not a throw', async () => {
    const bad = await put(join(dir, 'img', 'broken.jpg'), Buffer.from('not an image'));
    const r = await scanner.scan(bad);
    expect(r.ok).toBe(false);
  });
});

describe('the face cache', () => {
  it('scores only new or changed images on the next run, and ignores a cache it cannot read', { timeout: 60_000 }, async () => {
    await scanner.close();
    const cache = JSON.parse(await readFile(faceCachePath(dir), 'utf8')) as { model: string; images: Record<string, unknown> };
    expect(cache.model).toBe('face-api');
    const known = Object.keys(cache.images).length;
    expect(known).toBeGreaterThanOrEqual(10);

    let opened = 0;
    const counting = await FaceScanner.create(facesSettings(null), faceCachePath(dir), { open: (s) => (opened++, openDetector(s)) });
    const again = await counting.scan(join(dir, 'img', 'maya.jpg'));
    expect(again.ok && again.cached).toBe(true);
    expect(opened).toBe(0); // an unchanged image never loads the model
    await put(join(dir, 'img', 'maya.jpg'), await portrait('maya', 300));
    const changed = await counting.scan(join(dir, 'img', 'maya.jpg'));
    expect(changed.ok && !changed.cached).toBe(true);
    await counting.close();
    expect(Object.keys((JSON.parse(await readFile(faceCachePath(dir), 'utf8')) as typeof cache).images)).toHaveLength(known + 1);

    await writeFile(faceCachePath(dir), '{ not json');
    const fresh = await FaceScanner.create(facesSettings(null), faceCachePath(dir));
    const r = await fresh.scan(join(dir, 'img', 'gradient.jpg'));
    expect(r.ok && !r.cached).toBe(true);
    await fresh.close();
  });
});

describe('faces.model in lorapilot.yaml', () => {
  it('accepts face-api, names the choices for an unknown model, and says an ArcFace file is not available yet', async () => {
    expect(facesSection.parse({}).model).toBe('face-api');
    const bad = facesSection.safeParse({ model: 'dlib' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toContain('face-api, arcface-onnx');
    await expect(openDetector(facesSection.parse({ model: 'arcface-onnx', file: 'arcface.onnx' }))).rejects.toThrow(FaceModelError);
    await expect(openDetector(facesSection.parse({ model: 'arcface-onnx' }))).rejects.toThrow(/not available in this version/);
  });
});
