import type { Key } from 'ink';
import type { KeyBinding } from '../../src/ui/keys.js';
import type { BulkId } from '../../src/captions/op-builder.js';

/** The Captions screen's modes and the keys each one answers to (drives dispatch, the footer and the help). */
export type Mode =
  | { kind: 'browse' }
  | { kind: 'edit'; tags: string[]; cursor: number; input: string }
  | { kind: 'text'; text: string }
  | { kind: 'tagFilter'; input: string }
  | { kind: 'stats'; index: number; top: number }
  | { kind: 'bulk'; index: number }
  | { kind: 'bulkArg'; id: BulkId; prompt: string; input: string };

const NAV: KeyBinding[] = [
  { id: 'up', keys: ['up', 'k'], label: 'up', helpOnly: true, group: 'Move' },
  { id: 'down', keys: ['down', 'j'], label: 'down', helpOnly: true, group: 'Move' },
  { id: 'pageUp', keys: ['pageup'], label: 'page up', helpOnly: true, group: 'Move' },
  { id: 'pageDown', keys: ['pagedown'], label: 'page down', helpOnly: true, group: 'Move' },
  { id: 'home', keys: ['home', 'g'], label: 'first', helpOnly: true, group: 'Move' },
  { id: 'end', keys: ['end', 'G'], label: 'last', helpOnly: true, group: 'Move' },
];

const BROWSE_KEYS: KeyBinding[] = [
  ...NAV,
  { id: 'edit', keys: ['enter', 'e'], label: 'edit tags', description: 'Edit the tags of this caption (add, remove, reorder)', group: 'Edit' },
  { id: 'text', keys: ['t'], label: 'edit text', description: 'Edit the caption as text', group: 'Edit', helpOnly: true },
  { id: 'nextProblem', keys: ['n'], label: 'next problem', description: 'Jump to the next image with a caption problem', group: 'Move' },
  { id: 'mark', keys: ['space'], label: 'mark', description: 'Mark or unmark this image for a bulk operation', group: 'Select' },
  { id: 'markAll', keys: ['a'], label: 'mark all', description: 'Mark every image in the list (again: unmark all)', group: 'Select', helpOnly: true },
  { id: 'filter', keys: ['f'], label: 'filter', description: 'Cycle the filter: all, problems, missing, trigger, each folder', group: 'Select' },
  { id: 'tagFilter', keys: ['/'], label: 'has tag', description: 'Show only images whose caption has a tag', group: 'Select', helpOnly: true },
  { id: 'stats', keys: ['s'], label: 'tag table', description: 'Tag frequency; choosing a tag marks every image that has it', group: 'Select' },
  { id: 'bulk', keys: ['b'], label: 'bulk fix', description: 'Apply a bulk operation to the marked images (or to every listed image)', group: 'Edit' },
  { id: 'autoTag', keys: ['T'], label: 'auto-tag', description: 'WD14 auto-tagging of the marked (or listed) images; new tags are appended', group: 'Edit', helpOnly: true },
  { id: 'cancelTagging', keys: ['esc'], label: 'stop tagging', description: 'Stop auto-tagging (nothing is changed)', group: 'Edit', helpOnly: true },
  { id: 'undo', keys: ['u', 'ctrl+z'], label: 'undo', description: 'Undo the last caption change (also after a restart)', group: 'Edit' },
  { id: 'redo', keys: ['r', 'ctrl+y'], label: 'redo', description: 'Redo the last undone change', group: 'Edit', helpOnly: true },
];

const EDIT_KEYS: KeyBinding[] = [
  { id: 'save', keys: ['enter'], label: 'save', description: 'Save the caption (a tag being typed is added first)', group: 'Tag editor' },
  { id: 'cancel', keys: ['esc'], label: 'cancel', description: 'Leave without saving', group: 'Tag editor' },
  { id: 'complete', keys: ['tab'], label: 'complete', description: 'Complete the tag from the dataset’s own tags', group: 'Tag editor' },
  { id: 'add', keys: [','], label: 'add tag', description: 'Add the typed tag after the selected one', group: 'Tag editor' },
  { id: 'up', keys: ['up'], label: 'select', helpOnly: true, group: 'Tag editor' },
  { id: 'down', keys: ['down'], label: 'select', helpOnly: true, group: 'Tag editor' },
  { id: 'moveUp', keys: ['pageup', 'ctrl+u'], label: 'move tag up', description: 'Move the selected tag earlier', group: 'Tag editor' },
  { id: 'moveDown', keys: ['pagedown', 'ctrl+d'], label: 'move down', description: 'Move the selected tag later', group: 'Tag editor', helpOnly: true },
  { id: 'backspace', keys: ['backspace'], label: 'delete', description: 'Delete a character, or the selected tag when nothing is typed', group: 'Tag editor', helpOnly: true },
  { id: 'delete', keys: ['delete', 'ctrl+x'], label: 'remove tag', description: 'Remove the selected tag', group: 'Tag editor' },
];

const TEXT_KEYS: KeyBinding[] = [
  { id: 'save', keys: ['enter'], label: 'save', group: 'Text' },
  { id: 'cancel', keys: ['esc'], label: 'cancel', group: 'Text' },
  { id: 'backspace', keys: ['backspace', 'delete'], label: 'delete', helpOnly: true, group: 'Text' },
  { id: 'complete', keys: ['tab'], label: 'complete', group: 'Text' },
];

const STATS_KEYS: KeyBinding[] = [
  ...NAV,
  { id: 'choose', keys: ['enter'], label: 'mark images with tag', description: 'Mark every image with this tag and show only them', group: 'Tag table' },
  { id: 'cancel', keys: ['esc', 's'], label: 'back', group: 'Tag table' },
];

const BULK_KEYS: KeyBinding[] = [
  { id: 'up', keys: ['up', 'k'], label: 'up', helpOnly: true, group: 'Bulk' },
  { id: 'down', keys: ['down', 'j'], label: 'down', helpOnly: true, group: 'Bulk' },
  { id: 'choose', keys: ['enter'], label: 'apply', group: 'Bulk' },
  { id: 'cancel', keys: ['esc', 'b'], label: 'back', group: 'Bulk' },
];

export function bindingsFor(mode: Mode): KeyBinding[] {
  if (mode.kind === 'edit') return EDIT_KEYS;
  if (mode.kind === 'text' || mode.kind === 'tagFilter' || mode.kind === 'bulkArg') return TEXT_KEYS;
  if (mode.kind === 'stats') return STATS_KEYS;
  if (mode.kind === 'bulk') return BULK_KEYS;
  return BROWSE_KEYS;
}

export const ALL_IDS = [...new Set([...BROWSE_KEYS, ...EDIT_KEYS, ...TEXT_KEYS, ...STATS_KEYS, ...BULK_KEYS].map((b) => b.id))];

const CONTROL = new RegExp('[\\u0000-\\u001f\\u007f]');

export function isPrintable(input: string, key: Key): boolean {
  return input.length > 0 && !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab && !CONTROL.test(input);
}
