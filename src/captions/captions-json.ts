import { z } from 'zod';
import { tagFrequency } from './stats.js';
import type { AutoTagResult } from './autotag.js';
import type { OperationResult } from './apply.js';
import type { JournalEntry } from './journal.js';
import type { CaptionReview } from './review.js';

/** The shapes of `lorapilot captions … --json`, one per subcommand; every output is built through these. */

const changeJson = z.strictObject({
  file: z.string(),
  image: z.string(),
  before: z.string().nullable(),
  after: z.string(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  notes: z.array(z.string()),
});

export const operationJsonSchema = z.strictObject({
  op: z.string(),
  description: z.string(),
  dryRun: z.boolean(),
  root: z.string(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  journal: z.strictObject({ seq: z.number().int() }).nullable(),
  changes: z.array(changeJson),
  errors: z.array(z.strictObject({ file: z.string(), message: z.string() })),
});
export type OperationJson = z.infer<typeof operationJsonSchema>;

export const tagJsonSchema = operationJsonSchema.extend({ tagged: z.number().int(), imagesPerSecond: z.number() }).strict();

const entryJson = z.strictObject({
  seq: z.number().int(),
  op: z.string(),
  description: z.string(),
  createdAt: z.string(),
  state: z.string(),
  files: z.array(z.string()),
});

export const undoJsonSchema = z.strictObject({ undo: entryJson.nullable() });
export const redoJsonSchema = z.strictObject({ redo: entryJson.nullable() });
export const historyJsonSchema = z.strictObject({ entries: z.array(entryJson) });

export const listJsonSchema = z.strictObject({
  root: z.string(),
  images: z.array(
    z.strictObject({
      image: z.string(),
      caption: z.string().nullable(),
      text: z.string().nullable(),
      problems: z.array(z.strictObject({ rule: z.string(), severity: z.enum(['error', 'warning', 'info']), message: z.string(), fix: z.string() })),
    }),
  ),
});

export const statsJsonSchema = z.strictObject({
  root: z.string(),
  folder: z.string().nullable(),
  images: z.number().int(),
  captioned: z.number().int(),
  /** Caption names taken by a named pipe or a device: never opened, so those images count as uncaptioned. */
  notRegular: z.array(z.strictObject({ file: z.string(), kind: z.string(), message: z.string() })),
  tags: z.array(z.strictObject({ tag: z.string(), images: z.number().int() })),
});

/** A refused undo, a busy journal, a tagger that cannot load. */
export const errorJsonSchema = z.strictObject({ error: z.string(), files: z.array(z.string()) });

export function operationJson(r: OperationResult): OperationJson {
  return {
    op: r.op,
    description: r.description,
    dryRun: r.dryRun,
    root: r.root,
    changed: r.changes.length,
    unchanged: r.unchanged,
    journal: r.journal ? { seq: r.journal.seq } : null,
    changes: r.changes.map((c) => ({ file: c.rel, image: c.image, before: c.before, after: c.after, added: c.added, removed: c.removed, notes: c.notes })),
    errors: r.errors.map((e) => ({ file: e.rel, message: e.message })),
  };
}

export function tagJson(r: AutoTagResult): z.infer<typeof tagJsonSchema> {
  return { ...operationJson(r.result), tagged: r.tagged, imagesPerSecond: r.imagesPerSecond };
}

export function entryJsonOf(e: JournalEntry | null): z.infer<typeof entryJson> | null {
  return e ? { seq: e.seq, op: e.op, description: e.description, createdAt: e.createdAt, state: e.state, files: e.files.map((f) => f.rel) } : null;
}

export function listJson(root: string, review: CaptionReview): z.infer<typeof listJsonSchema> {
  return {
    root,
    images: review.items.map((i) => ({
      image: i.target.image.rel,
      caption: i.target.exists || i.target.notRegular ? i.target.rel : null,
      text: i.text,
      problems: i.problems.map((p) => ({ rule: p.rule, severity: p.severity, message: p.message, fix: p.fix })),
    })),
  };
}

/** Tag frequency over the captioned images of a review. */
export function captionStats(root: string, folder: string | null, review: CaptionReview): z.infer<typeof statsJsonSchema> {
  const texts = review.items.flatMap((i) => (i.text !== null ? [i.text] : []));
  const notRegular = review.items.flatMap((i) => (i.target.notRegular ? [{ file: i.target.rel, kind: i.target.notRegular, message: `not a regular file (${i.target.notRegular}): never opened` }] : []));
  return { root, folder, images: review.items.length, captioned: texts.length, notRegular, tags: tagFrequency(texts).map((f) => ({ tag: f.tag, images: f.images })) };
}
