import { compareText } from '../text/compare.js';
import { hasTag, tagKey } from './caption.js';
import type { FolderSummary } from './report.js';
import { REALBODY_TAG } from './rules/captions.js';
import type { DatasetScan, FolderKind } from './scan.js';

/** One caption as read from disk, shared by the caption rules and composition. */
export interface CaptionRead {
  bytes: Uint8Array | null;
  error?: string;
  tags: string[];
}

/**
 * Folder kinds (guide §1.2): the `_realbody` name decides; otherwise a folder whose captions mostly
 * carry `realistic_body` is the real-body folder.
 */
export function summarizeFolders(scan: DatasetScan, captionOf: Map<string, CaptionRead>): FolderSummary[] {
  return scan.folders.map((f) => {
    const imgs = scan.images.filter((i) => i.folder === f.rel);
    let kind: FolderKind = f.rel === '' ? 'unknown' : f.kind;
    let kindSource: FolderSummary['kindSource'] = f.kind === 'realbody' ? 'name' : 'default';
    if (f.rel !== '' && kind !== 'realbody') {
      const tagged = imgs.filter((i) => hasTag(captionOf.get(i.path)?.tags ?? [], REALBODY_TAG)).length;
      if (imgs.length > 0 && tagged * 2 > imgs.length) {
        kind = 'realbody';
        kindSource = 'tags';
      }
    }
    return { rel: f.rel, kind, kindSource, repeats: f.repeats, images: imgs.length, captions: f.captionCount, perEpoch: imgs.length * (f.repeats ?? 1) };
  }).sort((a, b) => Number(b.images > 0) - Number(a.images > 0) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(a.rel, b.rel));
}

const KIND_ORDER: Record<FolderKind, number> = { character: 0, realbody: 1, unknown: 2 };

/** The tag most captions start with, if at least half of them agree. */
export function inferTrigger(captions: ReadonlyArray<readonly string[]>): string | null {
  const firsts = new Map<string, { tag: string; n: number }>();
  let n = 0;
  for (const tags of captions) {
    if (tags.length === 0) continue;
    n++;
    const k = tagKey(tags[0]);
    const e = firsts.get(k) ?? { tag: tags[0].trim(), n: 0 };
    e.n++;
    firsts.set(k, e);
  }
  const best = [...firsts.values()].sort((a, b) => b.n - a.n)[0];
  if (!best || best.n * 2 < n || /^\[.*\]$/.test(best.tag) || /\s/.test(best.tag)) return null;
  return best.tag.replace(/^\uFEFF/, '');
}
