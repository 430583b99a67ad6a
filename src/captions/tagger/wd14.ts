import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseSelectedTags, selectTags, DEFAULT_THRESHOLDS, type TagLabel, type TagThresholds } from './labels.js';
import { wd14Input } from './preprocess.js';
import { loadOnnxRuntime, ORT_INSTALL_HINT, type OrtModule, type OrtSession } from '../../onnx/runtime.js';

/** WD14 auto-tagging with onnxruntime-node, loaded only when tagging runs. */

export { loadOnnxRuntime, ORT_INSTALL_HINT };

export class TaggerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaggerError';
  }
}

export interface TaggedImage {
  tags: string[];
  scores: Array<{ tag: string; score: number; category: 'general' | 'character' }>;
}

export class Wd14Tagger {
  private constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtSession,
    readonly labels: TagLabel[],
    readonly size: number,
    private readonly inputName: string,
    private readonly outputName: string,
  ) {}

  /** Load `model.onnx` and `selected_tags.csv` from a folder; every problem is a TaggerError that says what to do. */
  static async load(modelDir: string, opts: { threads?: number } = {}): Promise<Wd14Tagger> {
    const ort = await loadOnnxRuntime();
    if (!ort) throw new TaggerError(`auto-tagging needs onnxruntime-node, which is not installed. Install it with:\n  ${ORT_INSTALL_HINT}`);
    const modelPath = join(modelDir, 'model.onnx');
    const csvPath = join(modelDir, 'selected_tags.csv');
    for (const p of [modelPath, csvPath]) {
      if (!(await stat(p).catch(() => null))?.isFile()) {
        throw new TaggerError(`${p} not found. Point --model at a folder holding a WD14 tagger's model.onnx and selected_tags.csv, give a model name (wd-vit-tagger-v3, org/repo), or leave --model out to download SmilingWolf/wd-eva02-large-tagger-v3.`);
      }
    }
    const labels = parseSelectedTags(await readFile(csvPath, 'utf8'));
    let session: OrtSession;
    try {
      const threads = opts.threads ?? Math.max(1, availableParallelism());
      session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    } catch (e) {
      throw new TaggerError(`cannot load ${modelPath}: ${(e as Error).message.split('\n')[0]}`);
    }
    const inputName = session.inputNames[0];
    const outputName = session.outputNames[0];
    const shape = session.inputMetadata?.find((m) => m.name === inputName)?.shape ?? [];
    // WD14 models are NHWC [batch, H, W, 3]; the size is read from the model, not assumed.
    const h = shape[1];
    const w = shape[2];
    if (shape.length !== 4 || shape[3] !== 3 || typeof h !== 'number' || h !== w) {
      throw new TaggerError(`${modelPath} does not look like a WD14 tagger: input ${inputName} has shape [${shape.join(', ')}], expected [batch, size, size, 3]`);
    }
    return new Wd14Tagger(ort, session, labels, h, inputName, outputName);
  }

  async probabilities(imagePath: string): Promise<ArrayLike<number>> {
    return this.infer(await wd14Input(imagePath, this.size));
  }

  async infer(input: Float32Array): Promise<ArrayLike<number>> {
    const out = await this.session.run({ [this.inputName]: new this.ort.Tensor('float32', input, [1, this.size, this.size, 3]) });
    const probs = out[this.outputName].data;
    if (probs.length !== this.labels.length) {
      throw new TaggerError(`the model gives ${probs.length} scores but selected_tags.csv lists ${this.labels.length} tags: they do not belong together`);
    }
    return probs;
  }

  async tag(imagePath: string, thresholds: TagThresholds = DEFAULT_THRESHOLDS): Promise<TaggedImage> {
    const scores = selectTags(this.labels, await this.probabilities(imagePath), thresholds);
    return { tags: scores.map((s) => s.tag), scores };
  }

  async close(): Promise<void> {
    await this.session.release?.();
  }
}

export interface TagProgress {
  done: number;
  total: number;
  current: string;
  elapsedMs: number;
  /** Seconds left at the current pace; null before the first image. */
  etaSeconds: number | null;
}

/**
 * Tag images one after another, decoding the next image while the model runs on the current one.
 * Per-image failures (a broken image) are returned, not thrown.
 */
export async function tagImages(
  tagger: Wd14Tagger,
  images: ReadonlyArray<{ path: string; rel: string }>,
  thresholds: TagThresholds,
  opts: { signal?: AbortSignal; onProgress?: (p: TagProgress) => void } = {},
): Promise<Map<string, TaggedImage | { error: string }>> {
  const results = new Map<string, TaggedImage | { error: string }>();
  const start = Date.now();
  const prep = (i: number) => wd14Input(images[i].path, tagger.size).then((x) => ({ ok: true as const, x }), (e: Error) => ({ ok: false as const, e }));
  let next = images.length > 0 ? prep(0) : null;
  for (let i = 0; i < images.length; i++) {
    opts.signal?.throwIfAborted();
    const ready = await next!;
    next = i + 1 < images.length ? prep(i + 1) : null;
    const img = images[i];
    if (!ready.ok) results.set(img.rel, { error: `cannot decode: ${ready.e.message.split('\n')[0]}` });
    else {
      try {
        const scores = selectTags(tagger.labels, await tagger.infer(ready.x), thresholds);
        results.set(img.rel, { tags: scores.map((s) => s.tag), scores });
      } catch (e) {
        if (e instanceof TaggerError) throw e;
        results.set(img.rel, { error: (e as Error).message });
      }
    }
    const elapsedMs = Date.now() - start;
    const done = i + 1;
    opts.onProgress?.({ done, total: images.length, current: img.rel, elapsedMs, etaSeconds: ((elapsedMs / done) * (images.length - done)) / 1000 });
  }
  if (next) await next;
  return results;
}
