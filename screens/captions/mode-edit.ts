import { parseTags } from '../../src/dataset/caption.js';
import { moveItem } from '../../src/captions/browse.js';
import type { Mode } from './captions-keys.js';

/** Pure steps of the Captions screen's text fields and tag editor: each takes the mode and returns the next. */

type Edit = Extract<Mode, { kind: 'edit' }>;

/** The editor's tags with what is being typed inserted after the selected tag. */
export function tagsWithTyped(m: Edit): string[] {
  const typed = parseTags(m.input);
  return typed.length ? [...m.tags.slice(0, m.cursor + 1), ...typed, ...m.tags.slice(m.cursor + 1)] : m.tags;
}

/** `,`: the typed tags join the list after the selection, which moves to the last of them. */
export function addTyped(m: Edit): Edit {
  const typed = parseTags(m.input);
  if (!typed.length) return m;
  const tags = tagsWithTyped(m);
  return { kind: 'edit', tags, cursor: Math.min(tags.length - 1, m.cursor + typed.length), input: '' };
}

export function moveSelected(m: Edit, delta: -1 | 1): Edit {
  return { ...m, tags: moveItem(m.tags, m.cursor, delta), cursor: Math.max(0, Math.min(m.tags.length - 1, m.cursor + delta)) };
}

export function removeSelected(m: Edit): Edit {
  if (m.tags.length === 0) return m;
  const tags = m.tags.filter((_, i) => i !== m.cursor);
  return { ...m, tags, cursor: Math.max(0, Math.min(m.cursor, tags.length - 1)) };
}

/** Backspace: a typed character goes; in the tag editor with nothing typed, the selected tag. */
export function backspace(m: Mode): Mode {
  if (m.kind === 'edit') return m.input ? { ...m, input: m.input.slice(0, -1) } : removeSelected(m);
  if (m.kind === 'text') return { ...m, text: m.text.slice(0, -1) };
  if (m.kind === 'tagFilter' || m.kind === 'bulkArg') return { ...m, input: m.input.slice(0, -1) };
  return m;
}

/** A printable key typed into whichever field the mode has. */
export function typed(m: Mode, input: string): Mode {
  if (m.kind === 'edit' || m.kind === 'tagFilter' || m.kind === 'bulkArg') return { ...m, input: m.input + input };
  if (m.kind === 'text') return { ...m, text: m.text + input };
  return m;
}

/** Tab: the first completion replaces the word being typed. */
export function completed(m: Mode, completion: string): Mode {
  if (m.kind === 'edit' || m.kind === 'tagFilter') return { ...m, input: completion };
  if (m.kind === 'text') return { ...m, text: (m.text.includes(',') ? m.text.slice(0, m.text.lastIndexOf(',') + 1) + ' ' : '') + completion };
  return m;
}
