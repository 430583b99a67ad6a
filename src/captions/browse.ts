import { hasTag, tagKey } from '../dataset/caption.js';
import type { ReviewItem } from './review.js';
import { PROBLEM_GROUPS } from './status.js';
import type { TagCount } from './stats.js';

/** Filters of the Captions screen (pure, so the screen only renders). */
export type CaptionFilter =
  | { kind: 'all' }
  | { kind: 'problems' }
  | { kind: 'missing' }
  | { kind: 'trigger' }
  | { kind: 'folder'; folder: string }
  | { kind: 'tag'; tag: string };

export function filterLabel(f: CaptionFilter): string {
  switch (f.kind) {
    case 'all':
      return 'all';
    case 'problems':
      return 'with problems';
    case 'missing':
      return 'missing caption';
    case 'trigger':
      return 'trigger missing or late';
    case 'folder':
      return `folder ${f.folder}`;
    case 'tag':
      return `has tag "${f.tag}"`;
  }
}

export function matchesFilter(item: ReviewItem, f: CaptionFilter): boolean {
  switch (f.kind) {
    case 'all':
      return true;
    case 'problems':
      return item.problems.length > 0;
    case 'missing':
      return item.problems.some((p) => PROBLEM_GROUPS.missing.includes(p.rule));
    case 'trigger':
      return item.problems.some((p) => PROBLEM_GROUPS.trigger.includes(p.rule));
    case 'folder':
      return item.target.image.folder === f.folder;
    case 'tag':
      return hasTag(item.tags, f.tag);
  }
}

/** The filters `f` cycles through: the fixed ones, then one per folder. */
export function filterCycle(folders: readonly string[]): CaptionFilter[] {
  return [{ kind: 'all' }, { kind: 'problems' }, { kind: 'missing' }, { kind: 'trigger' }, ...folders.map((folder) => ({ kind: 'folder' as const, folder }))];
}

export function nextFilter(current: CaptionFilter, folders: readonly string[]): CaptionFilter {
  const cycle = filterCycle(folders);
  const i = cycle.findIndex((c) => JSON.stringify(c) === JSON.stringify(current));
  return cycle[(i + 1) % cycle.length];
}

/** Index of the next item (after `from`, wrapping) that has a problem; -1 when none. */
export function nextProblem(items: readonly ReviewItem[], from: number): number {
  for (let k = 1; k <= items.length; k++) {
    const i = (from + k) % items.length;
    if (items[i].problems.length > 0) return i;
  }
  return -1;
}

/** Tag completion from the dataset's own tags: prefix matches first, then substring, most used first. */
export function completeTag(input: string, freq: readonly TagCount[], exclude: readonly string[] = [], limit = 5): string[] {
  const k = tagKey(input);
  if (!k) return [];
  const taken = new Set(exclude.map(tagKey));
  const pool = freq.filter((f) => !taken.has(f.key) && f.key !== k);
  const prefix = pool.filter((f) => f.key.startsWith(k));
  const inner = pool.filter((f) => !f.key.startsWith(k) && f.key.includes(k));
  return [...prefix, ...inner].slice(0, limit).map((f) => f.tag);
}

/** Move the element at `index` by `delta`, clamped. */
export function moveItem<T>(xs: readonly T[], index: number, delta: number): T[] {
  const to = Math.max(0, Math.min(xs.length - 1, index + delta));
  if (to === index || index < 0 || index >= xs.length) return [...xs];
  const out = [...xs];
  const [x] = out.splice(index, 1);
  out.splice(to, 0, x);
  return out;
}
