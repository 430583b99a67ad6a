import { formatKeys, type KeyBinding } from './keys.js';

export type HelpLine = { kind: 'group'; text: string } | { kind: 'key'; keys: string; text: string } | { kind: 'blank' };

/**
 * The help's lines: every enabled key of the current screen and mode (footer and help-only alike), grouped
 * in the order the table declares its groups, then the app's keys. Built from the same tables dispatch
 * reads, so it cannot miss a key.
 */
export function helpLines(title: string, screen: readonly KeyBinding[], textEntry: boolean, app: readonly KeyBinding[]): HelpLine[] {
  const groups = new Map<string, KeyBinding[]>();
  const add = (g: string, b: KeyBinding) => groups.set(g, [...(groups.get(g) ?? []), b]);
  for (const b of screen) if (b.enabled !== false) add(b.group ?? title, b);
  const out: HelpLine[] = [];
  for (const [g, list] of groups) {
    if (out.length > 0) out.push({ kind: 'blank' });
    out.push({ kind: 'group', text: g });
    for (const b of list) out.push({ kind: 'key', keys: formatKeys(b.keys), text: b.description ?? b.label });
  }
  if (textEntry) {
    if (out.length > 0) out.push({ kind: 'blank' });
    out.push({ kind: 'group', text: 'Typing' });
    out.push({ kind: 'key', keys: 'text', text: 'Letters, digits, q and ? are typed into the field; a paste arrives whole' });
  }
  const appGroups = new Map<string, KeyBinding[]>();
  for (const b of app) if (b.enabled !== false) appGroups.set(b.group ?? 'App', [...(appGroups.get(b.group ?? 'App') ?? []), b]);
  for (const [g, list] of appGroups) {
    if (out.length > 0) out.push({ kind: 'blank' });
    out.push({ kind: 'group', text: textEntry ? `${g} (while typing: only ctrl+c)` : g });
    for (const b of list) out.push({ kind: 'key', keys: formatKeys(b.keys), text: b.description ?? b.label });
  }
  return out;
}

/** Rows the overlay takes for `lines` in `maxHeight` rows: a border, a title, the lines, the scroll line. */
export function helpHeight(lines: number, maxHeight: number): number {
  return Math.max(3, Math.min(maxHeight, lines + 4));
}

/** First line shown when scrolled to `offset`, kept inside the list. */
export function clampHelpScroll(offset: number, lines: number, rows: number): number {
  return Math.max(0, Math.min(offset, Math.max(0, lines - rows)));
}
