import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FacesSection } from '../project/index.js';
import { FaceCache, type FaceRecord, type ImageFaces } from './cache.js';
import { decodeForFaces } from './decode.js';
import { openDetector } from './detector.js';
import { perceptualHash } from './phash.js';
import type { FaceDetector } from './types.js';

export type ScanResult = { ok: true; faces: ImageFaces; cached: boolean } | { ok: false; error: string };

export interface ScanProgress {
  done: number;
  total: number;
  current: string;
  /** Images taken from the cache so far. */
  cached: number;
}

/**
 * Scores images for faces, from the cache where the bytes are known. The model loads with the first image
 * the cache does not know, so a re-check of an unchanged dataset never loads TensorFlow.js.
 */
export class FaceScanner {
  private detector: Promise<FaceDetector> | null = null;

  private constructor(
    readonly settings: FacesSection,
    private readonly cache: FaceCache,
    private readonly open: (s: FacesSection) => Promise<FaceDetector>,
  ) {}

  static async create(settings: FacesSection, cacheFile: string | null, opts: { open?: (s: FacesSection) => Promise<FaceDetector> } = {}): Promise<FaceScanner> {
    return new FaceScanner(settings, await FaceCache.open(cacheFile, settings.model), opts.open ?? openDetector);
  }

  /** The distance under which two faces are the same person, as configured or the model's own. */
  async threshold(): Promise<number> {
    return this.settings.threshold ?? (await this.model()).threshold;
  }

  private model(): Promise<FaceDetector> {
    this.detector ??= this.open(this.settings);
    this.detector.catch(() => {
      this.detector = null;
    });
    return this.detector;
  }

  /** One image; a file that cannot be read or decoded is a result, not a throw. A missing model throws (FaceModelError). */
  async scan(path: string): Promise<ScanResult> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      return { ok: false, error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
    const key = createHash('sha256').update(bytes).digest('hex');
    const known = this.cache.get(key);
    if (known) return { ok: true, faces: known, cached: true };
    let decoded;
    try {
      decoded = await decodeForFaces(bytes);
    } catch (e) {
      return { ok: false, error: `cannot decode: ${(e as Error).message.split('\n')[0]}` };
    }
    const detector = await this.model();
    const found = await detector.detect(decoded.rgb);
    const scale = decoded.width / decoded.rgb.width;
    const faces: FaceRecord[] = found.map((f) => ({
      box: { x: round(f.box.x * scale, 1), y: round(f.box.y * scale, 1), width: round(f.box.width * scale, 1), height: round(f.box.height * scale, 1) },
      score: round(f.score, 4),
      descriptor: f.descriptor.map((v) => round(v, 5)),
    }));
    const result: ImageFaces = { width: decoded.width, height: decoded.height, hash: perceptualHash(decoded.grey), faces };
    this.cache.set(key, result);
    return { ok: true, faces: result, cached: false };
  }

  /** Many images in order, reading the next file while the model works on the current one. */
  async scanAll(items: ReadonlyArray<{ path: string; rel: string }>, opts: { signal?: AbortSignal; onProgress?: (p: ScanProgress) => void } = {}): Promise<Map<string, ScanResult>> {
    const out = new Map<string, ScanResult>();
    let cached = 0;
    let next = items.length ? this.scan(items[0].path) : null;
    for (let i = 0; i < items.length; i++) {
      opts.signal?.throwIfAborted();
      const r = await next!;
      next = i + 1 < items.length ? this.scan(items[i + 1].path) : null;
      next?.catch(() => {});
      if (r.ok && r.cached) cached++;
      out.set(items[i].rel, r);
      opts.onProgress?.({ done: i + 1, total: items.length, current: items[i].rel, cached });
    }
    return out;
  }

  async close(): Promise<void> {
    await this.cache.save();
    if (this.detector) await (await this.detector.catch(() => null))?.close();
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
