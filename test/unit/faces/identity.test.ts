import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { consistencyOf, distance, hammingDistance, judge, medoid, perceptualHash, robustCentroid, trainingIdentity, verdict } from '../../../src/faces/index.js';
import { HASH_SIDE } from '../../../src/faces/decode.js';
import { demoPhoto } from './photos.js';

const vec = (...v: number[]) => v;

async function hashOf(input: Buffer | string): Promise<string> {
  const grey = await sharp(input).removeAlpha().greyscale().resize(HASH_SIDE, HASH_SIDE, { fit: 'fill' }).raw().toBuffer();
  return perceptualHash(new Uint8Array(grey));
}

describe('identity math', () => {
  it('measures euclidean distance and calls it against the threshold', () => {
    expect(distance(vec(0, 0), vec(3, 4))).toBe(5);
    expect(verdict(0.59, 0.6)).toBe('same');
    expect(verdict(0.6, 0.6)).toBe('different');
    expect(verdict(null, 0.6)).toBe('no-face');
  });

  it('keeps the identity where most faces are when one stray face is far away', () => {
    const faces = [vec(1, 1), vec(1.1, 0.9), vec(0.9, 1.05), vec(1.05, 1), vec(9, 9)];
    expect(medoid(faces)).not.toEqual(vec(9, 9));
    const c = robustCentroid(faces)!;
    expect(distance(c, vec(1, 1))).toBeLessThan(0.1);
    const plainMean = [faces.reduce((s, f) => s + f[0], 0) / 5, faces.reduce((s, f) => s + f[1], 0) / 5];
    expect(distance(plainMean, vec(1, 1))).toBeGreaterThan(1);
    expect(robustCentroid([])).toBeNull();
  });

  it('counts consistency over the samples that show a face, and flags a copy of a training image', () => {
    const id = trainingIdentity([{ image: '40_maya/a.jpg', descriptor: vec(0, 0), hash: '0000000000000000' }], 0.6)!;
    const face = (d: number[]) => ({ box: { x: 0, y: 0, width: 10, height: 10 }, score: 0.9, descriptor: d });
    const same = judge({ width: 10, height: 10, hash: 'ffffffffffffffff', faces: [face(vec(0.3, 0.2))] }, id);
    const other = judge({ width: 10, height: 10, hash: 'ffffffffffffffff', faces: [face(vec(0.9, 0))] }, id);
    const none = judge({ width: 10, height: 10, hash: 'ffffffffffffffff', faces: [] }, id);
    const copy = judge({ width: 10, height: 10, hash: '0000000000000001', faces: [face(vec(0.05, 0))] }, id);
    expect([same.verdict, other.verdict, none.verdict, copy.verdict]).toEqual(['same', 'different', 'no-face', 'same']);
    expect(same.memorised).toBeNull();
    expect(copy.memorised).toEqual({ image: '40_maya/a.jpg', distance: 0.05, hashBits: 1 });
    // Several faces: the one most like the character is judged.
    expect(judge({ width: 10, height: 10, hash: 'ff', faces: [face(vec(2, 2)), face(vec(0.1, 0))] }, id).verdict).toBe('same');
    expect(consistencyOf([same, other, none, copy])).toEqual({ samples: 4, withFace: 3, matching: 2, consistency: 0.667, meanDistance: 0.437 });
  });
});

describe('perceptual hash', () => {
  it('stays near for a re-encoded, brighter copy and is far for another photo', async () => {
    const photo = await sharp(demoPhoto(2)).resize({ width: 400 }).jpeg().toBuffer();
    const h = await hashOf(photo);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance(h, await hashOf(await sharp(photo).jpeg({ quality: 25 }).toBuffer()))).toBeLessThanOrEqual(6);
    expect(hammingDistance(h, await hashOf(await sharp(photo).modulate({ brightness: 1.2 }).toBuffer()))).toBeLessThanOrEqual(8);
    expect(hammingDistance(h, await hashOf(demoPhoto(5)))).toBeGreaterThan(16);
    expect(hammingDistance('0f', 'f0')).toBe(8);
  });
});
