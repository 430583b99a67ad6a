import type { ImageFaces, FaceRecord } from './cache.js';
import { decodeForFaces } from './decode.js';
import { perceptualHash } from './phash.js';
import type { FaceDetector } from './types.js';

/** One image's bytes scored: what the cache keeps. Undecodable bytes are a result, so one broken file never stops a scan. */
export type Scored = { ok: true; faces: ImageFaces } | { ok: false; error: string };

export async function scoreBytes(detector: FaceDetector, bytes: Uint8Array): Promise<Scored> {
  let decoded;
  try {
    decoded = await decodeForFaces(bytes);
  } catch (e) {
    return { ok: false, error: `cannot decode: ${(e as Error).message.split('\n')[0]}` };
  }
  const found = await detector.detect(decoded.rgb);
  const scale = decoded.width / decoded.rgb.width;
  const faces: FaceRecord[] = found.map((f) => ({
    box: { x: round(f.box.x * scale, 1), y: round(f.box.y * scale, 1), width: round(f.box.width * scale, 1), height: round(f.box.height * scale, 1) },
    score: round(f.score, 4),
    descriptor: f.descriptor.map((v) => round(v, 5)),
  }));
  return { ok: true, faces: { width: decoded.width, height: decoded.height, hash: perceptualHash(decoded.grey), faces } };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
