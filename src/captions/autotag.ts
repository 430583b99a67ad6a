import { scanDataset } from '../dataset/scan.js';
import { captionTargets, readCaption, runOperation, type OperationResult, type TargetFilter } from './apply.js';
import { DEFAULT_THRESHOLDS, type TagThresholds } from './tagger/labels.js';
import { tagImages, Wd14Tagger, type TagProgress } from './tagger/wd14.js';
import type { CaptionWorkspace } from './workspace.js';

export interface AutoTagOptions {
  ws: Pick<CaptionWorkspace, 'root' | 'journal' | 'identityTags'>;
  trigger: string;
  modelDir: string;
  thresholds: TagThresholds;
  /** merge: append new tags to every caption (the user's tags kept); missing: fill only images without a caption. */
  mode: 'merge' | 'missing';
  filter?: TargetFilter;
  dryRun?: boolean;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (p: TagProgress) => void;
}

export interface AutoTagResult {
  result: OperationResult;
  tagged: number;
  elapsedMs: number;
  imagesPerSecond: number;
  size: number;
}

/** WD14 over the dataset, then one journaled (undoable) operation merging the tags into the captions. */
export async function runAutoTag(o: AutoTagOptions): Promise<AutoTagResult> {
  const tagger = await Wd14Tagger.load(o.modelDir, { threads: o.threads });
  try {
    const scan = await scanDataset(o.ws.root);
    const targets = captionTargets(scan, o.filter);
    const todo: typeof targets = [];
    for (const t of targets) {
      if (o.mode === 'merge') todo.push(t);
      else {
        const cur = await readCaption(t).catch(() => null);
        if (cur && (cur.decoded === null || cur.decoded.empty)) todo.push(t);
      }
    }
    const start = Date.now();
    const tags = await tagImages(tagger, todo.map((t) => ({ path: t.image.path, rel: t.image.rel })), o.thresholds, { signal: o.signal, onProgress: o.onProgress });
    const elapsedMs = Date.now() - start;
    const result = await runOperation(
      (t) => {
        const r = tags.get(t.image.rel);
        return r && 'tags' in r ? { kind: 'add-tags', tags: r.tags, mode: o.mode } : null;
      },
      { root: o.ws.root, journal: o.ws.journal, ctx: { trigger: o.trigger, identityTags: o.ws.identityTags }, filter: o.filter, dryRun: o.dryRun, signal: o.signal, scan },
      { op: 'tag', description: `auto-tag (${o.mode})` },
    );
    for (const [rel, r] of tags) if ('error' in r) result.errors.push({ rel, path: rel, message: r.error });
    return { result, tagged: todo.length, elapsedMs, imagesPerSecond: todo.length ? (todo.length / Math.max(1, elapsedMs)) * 1000 : 0, size: tagger.size };
  } finally {
    await tagger.close();
  }
}

/** Thresholds: given, else those remembered in lorapilot.yaml, else the defaults. Probabilities, so at most 1. */
export function taggerThresholds(ws: Pick<CaptionWorkspace, 'tagger'>, given: Partial<TagThresholds> = {}): TagThresholds | { error: string } {
  const general = given.general ?? ws.tagger?.general ?? DEFAULT_THRESHOLDS.general;
  const character = given.character ?? ws.tagger?.character ?? DEFAULT_THRESHOLDS.character;
  if (general > 1 || character > 1 || general < 0 || character < 0) return { error: 'thresholds are probabilities between 0 and 1' };
  return { general, character };
}
