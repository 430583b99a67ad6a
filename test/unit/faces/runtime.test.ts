import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeForFaces } from '../../../src/faces/decode.js';
import { faceApiRuntime, openFaceApi } from '../../../src/faces/face-api.js';
import { distance } from '../../../src/faces/index.js';
import { workerLimit } from '../../../src/faces/pool-limit.js';
import type { DetectedFace } from '../../../src/faces/types.js';
import { facesSection } from '../../../src/project/index.js';
import { demoPhoto, group, noFace, portrait, tinyFace, variants } from './photos.js';

/** Real photographs: one person, copies of that photo, a group of three, a face cut by the image's edge, none, one too small. */
async function photos(): Promise<Record<string, Buffer>> {
  const maya = await portrait('maya');
  return {
    maya,
    ...(await variants(maya)),
    b: await portrait('b', 512),
    group: await group(),
    // The left-most person of sample6 with the frame's left edge through the face: its box is clipped.
    edge: await sharp(demoPhoto(6)).extract({ left: 720, top: 200, width: 400, height: 500 }).jpeg().toBuffer(),
    none: await noFace(),
    tiny: await tinyFace(),
  };
}

describe('the face nets on onnxruntime', () => {
  it('give face-api\'s own boxes, landmarks and descriptors, as TensorFlow.js computes them', { timeout: 180_000 }, async () => {
    // lorapilot depends on onnxruntime-node, so an install from the lock file runs the nets on it.
    expect(await faceApiRuntime()).toBe('onnxruntime');
    expect(await faceApiRuntime({ runtime: 'tfjs' })).toBe('tfjs');
    const onnx = await openFaceApi();
    const tfjs = await openFaceApi({ runtime: 'tfjs' });
    const counts: Record<string, number> = {};
    let edgeBox: DetectedFace['box'] | undefined;
    for (const [name, data] of Object.entries(await photos())) {
      const { rgb } = await decodeForFaces(data);
      const [a, b] = [await onnx.detect(rgb), await tfjs.detect(rgb)];
      counts[name] = a.length;
      if (name === 'edge') edgeBox = a[0]?.box;
      expect(a.length, name).toBe(b.length);
      const byX = (faces: DetectedFace[]) => [...faces].sort((p, q) => p.box.x - q.box.x);
      for (const [f, g] of byX(a).map((f, i) => [f, byX(b)[i]] as const)) {
        for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(f.box[k] - g.box[k]), `${name} box ${k}`).toBeLessThan(0.05);
        expect(Math.abs(f.score - g.score), `${name} score`).toBeLessThan(1e-4);
        expect(f.landmarks).toHaveLength(68);
        const worst = Math.max(...f.landmarks.map(([x, y], i) => Math.hypot(x - g.landmarks[i][0], y - g.landmarks[i][1])));
        expect(worst, `${name} landmarks`).toBeLessThan(0.05);
        expect(f.descriptor).toHaveLength(128);
        expect(distance(f.descriptor, g.descriptor), `${name} descriptor`).toBeLessThan(1e-3);
      }
    }
    // The cases are what they claim: one face each, three in the group, none in the last two.
    expect(counts).toMatchObject({ maya: 1, flip: 1, rotated: 1, b: 1, group: 3, edge: 1, none: 0, tiny: 0 });
    expect(edgeBox?.x).toBe(0);
    await onnx.close();
    await tfjs.close();
  });

  it('score in this process by default, since onnxruntime already uses every core; one thread per core without it', () => {
    const faces = facesSection.parse({});
    expect(workerLimit(faces, {}, true)).toBe(1);
    expect(workerLimit(faces, {}, false)).toBeGreaterThanOrEqual(2);
    expect(workerLimit(faces, { LORAPILOT_FACE_WORKERS: '2' }, true)).toBe(2);
    expect(workerLimit(facesSection.parse({ workers: 2 }), {}, true)).toBe(2);
    expect(workerLimit(faces, { LORAPILOT_FACE_RUNTIME: 'tfjs' })).toBeGreaterThanOrEqual(2);
  });
});
