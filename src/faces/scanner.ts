import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FacesSection } from '../project/index.js';
import { FaceCache, type ImageFaces } from './cache.js';
import { modelThreshold, openDetector } from './detector.js';
import type { ScorePool } from './pool.js';
import { scoringThreads } from './pool-limit.js';
import { scoreBytes, type Scored } from './score.js';
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
 * the cache does not know, so a re-check of an unchanged dataset never loads it. It scores in this process,
 * or on scoring threads (pool-limit.ts says which); a single thread, the wizard's, is kept until close().
 */
export class FaceScanner {
  private detector: Promise<FaceDetector> | null = null;
  private pool: Promise<ScorePool> | null = null;

  private constructor(
    readonly settings: FacesSection,
    private readonly cache: FaceCache,
    private readonly open: (s: FacesSection) => Promise<FaceDetector>,
  ) {}

  static async create(settings: FacesSection, cacheFile: string | null, opts: { open?: (s: FacesSection) => Promise<FaceDetector> } = {}): Promise<FaceScanner> {
    return new FaceScanner(settings, await FaceCache.open(cacheFile, settings.model), opts.open ?? openDetector);
  }

  /** The distance under which two faces are the same person, as configured or the model's own. */
  // No model load for this: a scan on threads never loads one in this process.
  async threshold(): Promise<number> {
    return modelThreshold(this.settings);
  }

  private model(): Promise<FaceDetector> {
    this.detector ??= this.open(this.settings);
    this.detector.catch(() => {
      this.detector = null;
    });
    return this.detector;
  }

  /** The scoring threads, started once; a failed start is forgotten, so the next scan tries again. */
  private threads(threads: number): Promise<ScorePool> {
    if (!this.pool) {
      const pool = import('./pool.js').then(({ ScorePool }) => new ScorePool(this.settings, threads));
      this.pool = pool;
      pool.catch(() => {
        this.pool = null;
      });
    }
    return this.pool;
  }

  private async dropThreads(): Promise<void> {
    const p = this.pool;
    this.pool = null;
    if (p) await (await p.catch(() => null))?.close();
  }

  /** Score one image's bytes where a scan of `images` new images is scored (pool-limit.ts). */
  private async score(bytes: Uint8Array, images: number): Promise<Scored> {
    const threads = scoringThreads(this.settings, images);
    if (threads === 0 && !this.pool) return scoreBytes(await this.model(), bytes);
    return (await this.threads(Math.max(1, threads))).score(bytes);
  }

  /** One image; a file that cannot be read or decoded is a result, not a throw. A missing model throws (FaceModelError). */
  async scan(path: string): Promise<ScanResult> {
    const read = await readKeyed(path);
    if (!read.ok) return read;
    const known = this.cache.get(read.key);
    if (known) return { ok: true, faces: known, cached: true };
    return this.keep(read.key, await this.score(read.bytes, 1));
  }

  private keep(key: string, r: Scored): ScanResult {
    if (!r.ok) return r;
    this.cache.set(key, r.faces);
    return { ok: true, faces: r.faces, cached: false };
  }

  /**
   * Many images, results in their order. Images the cache knows cost a read and a hash; the others are scored
   * in this process, or on scoring threads when the limit allows more than one (LORAPILOT_FACE_WORKERS,
   * faces.workers), no more than there are images.
   */
  async scanAll(items: ReadonlyArray<{ path: string; rel: string }>, opts: { signal?: AbortSignal; onProgress?: (p: ScanProgress) => void } = {}): Promise<Map<string, ScanResult>> {
    const results: Array<ScanResult | undefined> = new Array(items.length);
    let done = 0;
    let cached = 0;
    const report = (i: number, r: ScanResult) => {
      results[i] = r;
      done++;
      if (r.ok && r.cached) cached++;
      opts.onProgress?.({ done, total: items.length, current: items[i].rel, cached });
    };
    const todo: number[] = [];
    for (let i = 0; i < items.length; i++) {
      opts.signal?.throwIfAborted();
      const read = await readKeyed(items[i].path);
      const known = read.ok ? this.cache.get(read.key) : undefined;
      if (!read.ok) report(i, read);
      else if (known) report(i, { ok: true, faces: known, cached: true });
      else todo.push(i);
    }
    const threads = scoringThreads(this.settings, todo.length);
    if (threads === 0 && !this.pool) {
      // Two images in flight: the next one is read and decoded while the model scores this one.
      let next = 0;
      const lane = async () => {
        while (next < todo.length) {
          opts.signal?.throwIfAborted();
          const i = todo[next++];
          report(i, await this.scan(items[i].path));
        }
      };
      await Promise.all([lane(), lane()]);
    } else {
      await this.scanOnThreads(items, todo, Math.max(1, threads), report, opts.signal);
    }
    return new Map(items.map((it, i) => [it.rel, results[i]!]));
  }

  private async scanOnThreads(items: ReadonlyArray<{ path: string }>, todo: number[], threads: number, report: (i: number, r: ScanResult) => void, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const pool = await this.threads(threads);
    const stop = () => void this.dropThreads();
    signal?.addEventListener('abort', stop, { once: true });
    let next = 0;
    // Feeders enough to keep every thread holding two images: each reads its next file while the threads score.
    const feed = async () => {
      while (next < todo.length) {
        const i = todo[next++];
        const read = await readKeyed(items[i].path);
        if (!read.ok) {
          report(i, read);
          continue;
        }
        const r = await pool.score(read.bytes);
        report(i, this.keep(read.key, r));
      }
    };
    try {
      await Promise.all(Array.from({ length: pool.size * 2 }, feed));
    } catch (e) {
      signal?.throwIfAborted();
      throw e;
    } finally {
      signal?.removeEventListener('abort', stop);
      // Several threads hold a model each: they stop with the scan. A single one (the wizard's) stays for the next.
      if (pool.size > 1) await this.dropThreads();
    }
  }

  async close(): Promise<void> {
    await this.cache.save();
    await this.dropThreads();
    if (this.detector) await (await this.detector.catch(() => null))?.close();
  }
}

async function readKeyed(path: string): Promise<{ ok: true; bytes: Buffer; key: string } | { ok: false; error: string }> {
  try {
    const bytes = await readFile(path);
    return { ok: true, bytes, key: createHash('sha256').update(bytes).digest('hex') };
  } catch (e) {
    return { ok: false, error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}
