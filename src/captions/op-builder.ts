import { parseTags } from '../dataset/caption.js';
import type { CaptionOp, OpContext } from './operations.js';

/**
 * From what a person typed to a caption operation: the words of `lorapilot captions OP ARGS…` and the
 * Captions screen's bulk menu build their operations here, with the same rules and the same refusals.
 */

export type BuiltOp = { ok: true; op: CaptionOp } | { ok: false; message: string };

/** The bulk fixes the Captions screen offers, in menu order; `arg` is the prompt for their argument. */
export const BULK_ACTIONS = [
  { id: 'ensure-trigger', label: 'Trigger word first (ensure-trigger)' },
  { id: 'ensure-realbody', label: 'Add realistic_body second (ensure-tag realistic_body)' },
  { id: 'ensure-tag', label: 'Add a tag second (ensure-tag)…', arg: 'tag to add' },
  { id: 'remove-tag', label: 'Remove tags (remove-tag)…', arg: 'tags to remove, comma separated (* matches anything)' },
  { id: 'replace-tag', label: 'Replace a tag (replace-tag)…', arg: 'OLD => NEW' },
  { id: 'normalize', label: 'Normalize: UTF-8, no BOM, LF, no duplicates' },
  { id: 'create-missing', label: 'Create missing captions from the folder template' },
  { id: 'prune-identity', label: 'Remove identity tags (hair, eyes, skin, body type)' },
] as const satisfies ReadonlyArray<{ id: string; label: string; arg?: string }>;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export type BulkId = BulkAction['id'];

/** How many words each operation takes before the optional DIR (remove-tag takes one or more). */
export const OP_ARITY: Record<string, number> = { 'ensure-tag': 1, 'replace-tag': 2 };

/** The operation named `name` with its arguments, or why not. */
export function captionOpFromArgs(name: string, args: readonly string[]): BuiltOp {
  switch (name) {
    case 'ensure-tag':
      if (args.length !== 1 || !args[0].trim() || args[0].includes(',')) return { ok: false, message: 'ensure-tag takes one TAG (no commas)' };
      return { ok: true, op: { kind: 'ensure-tag', tag: args[0].trim() } };
    case 'remove-tag':
      if (args.length === 0) return { ok: false, message: 'remove-tag takes at least one TAG' };
      return { ok: true, op: { kind: 'remove-tag', tags: [...args] } };
    case 'replace-tag':
      if (args.length !== 2 || !args[0].trim() || !args[1].trim() || args[1].includes(',')) return { ok: false, message: 'replace-tag takes OLD and NEW (no commas in NEW)' };
      return { ok: true, op: { kind: 'replace-tag', from: args[0], to: args[1].trim() } };
    case 'ensure-trigger':
    case 'normalize':
    case 'create-missing':
    case 'prune-identity':
      return { ok: true, op: { kind: name } };
    default:
      return { ok: false, message: `unknown operation '${name}'` };
  }
}

/** A bulk fix from the screen's menu, with the text typed at its prompt. */
export function captionOpFromInput(id: BulkId, input = ''): BuiltOp {
  switch (id) {
    case 'ensure-realbody':
      return captionOpFromArgs('ensure-tag', ['realistic_body']);
    case 'ensure-tag':
      return input.trim() ? captionOpFromArgs('ensure-tag', [input]) : { ok: false, message: 'no tag given' };
    case 'remove-tag': {
      const tags = parseTags(input);
      return tags.length ? captionOpFromArgs('remove-tag', tags) : { ok: false, message: 'no tag given' };
    }
    case 'replace-tag': {
      const [from, to, ...more] = input.split(/=>|→/).map((s) => s.trim());
      if (!from || !to || more.length) return { ok: false, message: 'write it as OLD => NEW' };
      return captionOpFromArgs('replace-tag', [from, to]);
    }
    default:
      return captionOpFromArgs(id, []);
  }
}

/** Operations that write the trigger word, and so cannot run without one. */
export function opNeedsTrigger(op: CaptionOp): boolean {
  return op.kind === 'ensure-trigger' || op.kind === 'create-missing' || op.kind === 'ensure-tag' || op.kind === 'add-tags';
}

export const NO_TRIGGER = 'no trigger word: run inside a project (lorapilot.yaml) or pass --trigger WORD';

/** The context an operation runs in, or why it cannot run (no trigger word for one that writes it). */
export function opContextFor(op: CaptionOp, ws: { trigger: string | null; identityTags: readonly string[] }): { ok: true; ctx: OpContext } | { ok: false; message: string } {
  if (opNeedsTrigger(op) && !ws.trigger) return { ok: false, message: NO_TRIGGER };
  return { ok: true, ctx: { trigger: ws.trigger ?? '', identityTags: ws.identityTags } };
}
