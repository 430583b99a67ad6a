import { z } from 'zod';

/** SmilingWolf's wd-* `selected_tags.csv`: tag_id,name,category,count. Category 9 rating, 4 character, 0 general. */
export const TAG_CATEGORY = { general: 0, character: 4, rating: 9 } as const;

const row = z.object({ name: z.string().min(1), category: z.coerce.number().int() });
export type TagLabel = z.infer<typeof row>;

/** Kaomoji keep their underscores (as the reference taggers do): `^_^` is not `^ ^`. */
export const KAOMOJI = new Set([
  '0_0', '(o)_(o)', '+_+', '+_-', '._.', '<o>_<o>', '<|>_<|>', '=_=', '>_<', '3_3', '6_9', '>_o', '@_@', '^_^', 'o_o', 'u_u', 'x_x', '|_|', '||_||',
]);

export function displayTag(name: string): string {
  return KAOMOJI.has(name) ? name : name.replace(/_/g, ' ');
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function parseSelectedTags(text: string): TagLabel[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error('selected_tags.csv is empty');
  const header = splitCsvLine(lines[0]).map((h) => h.trim());
  const iName = header.indexOf('name');
  const iCat = header.indexOf('category');
  if (iName < 0 || iCat < 0) throw new Error(`selected_tags.csv has no name/category columns (header: ${lines[0]})`);
  return lines.slice(1).map((l, n) => {
    const cells = splitCsvLine(l);
    const parsed = row.safeParse({ name: cells[iName], category: cells[iCat] });
    if (!parsed.success) throw new Error(`selected_tags.csv line ${n + 2}: expected name and a numeric category`);
    return parsed.data;
  });
}

export interface TagThresholds {
  general: number;
  character: number;
}

export const DEFAULT_THRESHOLDS: TagThresholds = { general: 0.35, character: 0.85 };

/** Tags from one image's probabilities: characters first, then general, each by score; ratings dropped. */
export function selectTags(labels: readonly TagLabel[], probs: ArrayLike<number>, t: TagThresholds = DEFAULT_THRESHOLDS): Array<{ tag: string; score: number; category: 'general' | 'character' }> {
  const chars: Array<{ tag: string; score: number; category: 'character' }> = [];
  const general: Array<{ tag: string; score: number; category: 'general' }> = [];
  for (let i = 0; i < labels.length && i < probs.length; i++) {
    const { name, category } = labels[i];
    const p = probs[i];
    if (category === TAG_CATEGORY.character && p >= t.character) chars.push({ tag: displayTag(name), score: p, category: 'character' });
    else if (category === TAG_CATEGORY.general && p >= t.general) general.push({ tag: displayTag(name), score: p, category: 'general' });
  }
  chars.sort((a, b) => b.score - a.score);
  general.sort((a, b) => b.score - a.score);
  return [...chars, ...general];
}
