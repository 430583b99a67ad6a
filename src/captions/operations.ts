import { dedupeTags, formatTags, parseTags, tagKey, type DecodedCaption } from '../dataset/caption.js';
import { identityMatcher, tagMatcher } from './identity.js';
import type { FolderKind } from '../dataset/scan.js';

/**
 * Bulk caption operations as pure planners: caption in, caption out, with what changed.
 * The applier (apply.ts) reads, journals and writes; nothing here touches the disk.
 */

export type CaptionOp =
  | { kind: 'ensure-trigger' }
  | { kind: 'ensure-tag'; tag: string }
  | { kind: 'remove-tag'; tags: string[] }
  | { kind: 'replace-tag'; from: string; to: string }
  | { kind: 'normalize' }
  | { kind: 'create-missing' }
  | { kind: 'prune-identity' }
  /** Replace the whole caption (an edit in the Captions screen). */
  | { kind: 'set'; text: string }
  /** Merge auto-tagger output (tags per image, in order) into the caption. */
  | { kind: 'add-tags'; tags: string[]; mode: 'merge' | 'missing' };

export const OP_NAMES = ['ensure-trigger', 'ensure-tag', 'remove-tag', 'replace-tag', 'normalize', 'create-missing', 'prune-identity'] as const;
export type OpName = (typeof OP_NAMES)[number];

export interface OpContext {
  trigger: string;
  /** Extra identity tags from the project file (`captions.identityTags`). */
  identityTags?: readonly string[];
}

export interface CaptionInput {
  /** Null when the image has no caption file. */
  decoded: DecodedCaption | null;
  /** Raw bytes of the caption file, to tell whether the canonical text differs on disk. */
  bytes: Uint8Array | null;
  folderKind: FolderKind;
}

export interface CaptionPlan {
  /** The new caption text, or null when the file stays as it is. */
  after: string | null;
  added: string[];
  removed: string[];
  /** Changes that are not tag changes: "BOM removed", "CRLF → LF", "created"… */
  notes: string[];
}

const REALISTIC_BODY = 'realistic_body';

/** ai-toolkit replaces these in captions with the trigger word, only when trigger_word is set (reference/ai-toolkit.md §4). */
const TRIGGER_PLACEHOLDERS = ['[trigger]', '[name]'];
const isPlaceholder = (t: string) => TRIGGER_PLACEHOLDERS.includes(t.trim().toLowerCase());

export function describeOp(op: CaptionOp): string {
  switch (op.kind) {
    case 'ensure-tag':
      return `ensure-tag ${op.tag}`;
    case 'remove-tag':
      return `remove-tag ${op.tags.join(' ')}`;
    case 'replace-tag':
      return `replace-tag ${op.from} → ${op.to}`;
    case 'set':
      return 'edit';
    case 'add-tags':
      return `auto-tag (${op.mode})`;
    default:
      return op.kind;
  }
}

/** The tags every caption of a folder starts with: the trigger, plus `realistic_body` in real-body folders (guide §2.2). */
export function templateTags(folderKind: FolderKind, trigger: string): string[] {
  return folderKind === 'realbody' ? [trigger, REALISTIC_BODY] : [trigger];
}

/**
 * The caption create-missing writes: the folder's leading tags and a slot for each thing the guide's
 * structure describes (§2.1, §2.2). The check flags the slots until they are filled, because a bare
 * trigger is exactly what ai-toolkit trains for a missing caption.
 */
export function captionTemplate(folderKind: FolderKind, trigger: string): string[] {
  const slots = folderKind === 'realbody'
    ? ['[describe body part]', '[describe pose]', '[describe lighting]']
    : ['[describe shot]', '[describe pose]', '[describe clothing]', '[describe setting and lighting]'];
  return [...templateTags(folderKind, trigger), ...slots];
}

/** Put `tag` (exact spelling) at `index`, removing every variant of it elsewhere. */
function placeTag(tags: readonly string[], tag: string, index: number): string[] {
  const k = tagKey(tag);
  const rest = tags.filter((t) => tagKey(t) !== k);
  const at = Math.min(index, rest.length);
  return [...rest.slice(0, at), tag, ...rest.slice(at)];
}

function ensureTrigger(tags: readonly string[], trigger: string): string[] {
  const k = tagKey(trigger);
  const withoutPlaceholder = tags.filter((t) => !isPlaceholder(t) && tagKey(t) !== k);
  return dedupeTags([trigger, ...withoutPlaceholder]);
}

function ensureTag(tags: readonly string[], tag: string, trigger: string): string[] {
  // Second after the trigger; first when the caption has no trigger yet (ensure-trigger then makes it second).
  const triggerFirst = tags.length > 0 && (tagKey(tags[0]) === tagKey(trigger) || isPlaceholder(tags[0]));
  return placeTag(tags, tag, triggerFirst ? 1 : 0);
}

/** The new tag list for an operation, from the current one; null when the operation does not apply. */
export function transformTags(op: CaptionOp, tags: readonly string[], input: { missing: boolean; folderKind: FolderKind }, ctx: OpContext): string[] | null {
  switch (op.kind) {
    case 'ensure-trigger':
      return input.missing ? null : ensureTrigger(tags, ctx.trigger);
    case 'ensure-tag':
      return input.missing ? null : ensureTag(tags, op.tag, ctx.trigger);
    case 'remove-tag': {
      if (input.missing) return null;
      const match = tagMatcher(op.tags);
      return tags.filter((t) => !match(t));
    }
    case 'replace-tag': {
      if (input.missing) return null;
      const match = tagMatcher([op.from]);
      return dedupeTags(tags.map((t) => (match(t) ? op.to : t)));
    }
    case 'normalize':
      return input.missing ? null : dedupeTags(tags);
    case 'create-missing':
      return input.missing || tags.length === 0 ? captionTemplate(input.folderKind, ctx.trigger) : null;
    case 'prune-identity': {
      if (input.missing) return null;
      const match = identityMatcher(ctx.identityTags);
      return tags.filter((t) => !match(t));
    }
    case 'set':
      return parseTags(op.text);
    case 'add-tags': {
      const base = input.missing || tags.length === 0 ? templateTags(input.folderKind, ctx.trigger) : [...tags];
      if (op.mode === 'missing' && !(input.missing || tags.length === 0)) return null;
      return dedupeTags([...base, ...op.tags]);
    }
  }
}

const encoder = new TextEncoder();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Plan one caption: the canonical text it becomes, the tags added and removed, other fixes made. */
export function planCaption(op: CaptionOp, input: CaptionInput, ctx: OpContext): CaptionPlan {
  const missing = input.decoded === null;
  const before = input.decoded ? parseTags(input.decoded.text) : [];
  const next = transformTags(op, before, { missing, folderKind: input.folderKind }, ctx);
  if (next === null) return { after: null, added: [], removed: [], notes: [] };
  const tagsChanged = next.length !== before.length || next.some((t, i) => t !== before[i]);
  const after = formatTags(next);
  // A caption is rewritten when its tags change; normalize and edits also rewrite non-canonical bytes.
  const canonicalDiffers = missing || !input.bytes || !sameBytes(encoder.encode(after), input.bytes);
  const write = missing || tagsChanged || ((op.kind === 'normalize' || op.kind === 'set') && canonicalDiffers);
  if (!write) return { after: null, added: [], removed: [], notes: [] };
  const beforeKeys = new Set(before.map(tagKey));
  const afterKeys = new Set(next.map(tagKey));
  const added = dedupeTags(next.filter((t) => !beforeKeys.has(tagKey(t))));
  const removed = dedupeTags(before.filter((t) => !afterKeys.has(tagKey(t))));
  const notes: string[] = [];
  if (missing) notes.push('created');
  else {
    const d = input.decoded!;
    if (d.encoding === 'utf-16le' || d.encoding === 'utf-16be') notes.push(`converted from ${d.encoding.toUpperCase()} to UTF-8`);
    else if (d.invalidUtf8) notes.push('re-encoded as UTF-8');
    if (d.nul) notes.push('NUL bytes removed');
    if (d.bom) notes.push('BOM removed');
    if (d.crlf) notes.push('CRLF → LF');
    if (!added.length && !removed.length) {
      if (before.length !== next.length) notes.push('duplicates removed');
      else if (before.some((t, i) => t !== next[i]) && new Set(before).size === new Set(next).size && before.every((t) => next.includes(t))) {
        notes.push(op.kind === 'ensure-trigger' ? 'trigger moved first' : op.kind === 'ensure-tag' ? `${op.tag} moved second` : 'reordered');
      }
      else if (before.some((t, i) => t !== next[i])) notes.push('respelled');
      else if (!d.invalidUtf8 && !d.bom && !d.crlf) notes.push('whitespace and separators');
    }
  }
  return { after, added, removed, notes };
}
