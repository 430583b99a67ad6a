import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic.js';

/**
 * Face results per image, keyed by the sha256 of its bytes, in `<project>/.lorapilot/faces.json`:
 * a re-check scores only new or changed images, and a renamed file is still known.
 * Landmarks are not kept: nothing after detection needs them, and they would triple the file.
 */
export const faceRecordSchema = z.strictObject({
  box: z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  score: z.number(),
  descriptor: z.array(z.number()),
});
export type FaceRecord = z.infer<typeof faceRecordSchema>;

export const imageFacesSchema = z.strictObject({
  /** Size of the image; boxes are in its pixels. */
  width: z.number().int(),
  height: z.number().int(),
  /** Perceptual hash of the whole image (16 hex digits). */
  hash: z.string(),
  faces: z.array(faceRecordSchema),
});
export type ImageFaces = z.infer<typeof imageFacesSchema>;

const cacheFileSchema = z.strictObject({
  version: z.literal(1),
  /** The model that made the descriptors: another model's descriptors do not compare. */
  model: z.string(),
  images: z.record(z.string(), imageFacesSchema),
});

export function faceCachePath(projectDir: string): string {
  return join(projectDir, '.lorapilot', 'faces.json');
}

export class FaceCache {
  private dirty = false;
  private constructor(
    private readonly path: string | null,
    private readonly model: string,
    private readonly images: Map<string, ImageFaces>,
  ) {}

  /** A cache file that is missing, unreadable, of another model or not ours starts empty: results are recomputed, never trusted. */
  static async open(path: string | null, model: string): Promise<FaceCache> {
    const images = new Map<string, ImageFaces>();
    if (path) {
      const text = await readFile(path, 'utf8').catch(() => null);
      let raw: unknown = null;
      try {
        raw = text === null ? null : JSON.parse(text);
      } catch {
        raw = null;
      }
      const parsed = cacheFileSchema.safeParse(raw);
      if (parsed.success && parsed.data.model === model) for (const [k, v] of Object.entries(parsed.data.images)) images.set(k, v);
    }
    return new FaceCache(path, model, images);
  }

  get(sha256: string): ImageFaces | undefined {
    return this.images.get(sha256);
  }

  set(sha256: string, faces: ImageFaces): void {
    this.images.set(sha256, faces);
    this.dirty = true;
  }

  get size(): number {
    return this.images.size;
  }

  async save(): Promise<void> {
    if (!this.path || !this.dirty) return;
    await mkdir(dirname(this.path), { recursive: true });
    const body = { version: 1 as const, model: this.model, images: Object.fromEntries([...this.images].sort(([a], [b]) => (a < b ? -1 : 1))) };
    await writeFileAtomic(this.path, JSON.stringify(body) + '\n');
    this.dirty = false;
  }
}

/** The cached faces of these files (by their bytes' sha256), without loading the model; unreadable or unscored files are absent. */
export async function cachedFacesOf(cacheFile: string, model: string, paths: readonly string[]): Promise<Map<string, ImageFaces>> {
  const cache = await FaceCache.open(cacheFile, model);
  const out = new Map<string, ImageFaces>();
  for (const p of paths) {
    const bytes = await readFile(p).catch(() => null);
    const hit = bytes && cache.get(createHash('sha256').update(bytes).digest('hex'));
    if (hit) out.set(p, hit);
  }
  return out;
}
