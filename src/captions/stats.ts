import { parseTags, tagKey } from '../dataset/caption.js';

export interface TagCount {
  /** The most common spelling of the tag. */
  tag: string;
  key: string;
  /** Images whose caption has the tag. */
  images: number;
}

/** Tag frequency over captions: how many captions hold each tag, most frequent first. */
export function tagFrequency(captions: Iterable<string>): TagCount[] {
  const counts = new Map<string, { images: number; spellings: Map<string, number> }>();
  for (const text of captions) {
    const seen = new Set<string>();
    for (const t of parseTags(text)) {
      const k = tagKey(t);
      if (seen.has(k)) continue;
      seen.add(k);
      const c = counts.get(k) ?? { images: 0, spellings: new Map() };
      c.images++;
      c.spellings.set(t, (c.spellings.get(t) ?? 0) + 1);
      counts.set(k, c);
    }
  }
  return [...counts.entries()]
    .map(([key, c]) => ({ key, images: c.images, tag: [...c.spellings.entries()].sort((a, b) => b[1] - a[1])[0][0] }))
    .sort((a, b) => b.images - a.images || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
