import { z } from 'zod';
import { findingSchema } from './finding.js';

/** The result of `checkDataset`, and the shape of `lorapilot check --json`. */
const classCount = z.strictObject({ have: z.number().int(), target: z.number().int() });

export const folderSummarySchema = z.strictObject({
  /** Relative to the dataset root; '' for images lying in the root itself. */
  rel: z.string(),
  kind: z.enum(['character', 'realbody', 'unknown']),
  /** How the kind was decided: the folder name (`_realbody`), the captions' tags, or by default. */
  kindSource: z.enum(['name', 'tags', 'default']),
  /** From the `N_` prefix; null without one. */
  repeats: z.number().int().nullable(),
  images: z.number().int(),
  captions: z.number().int(),
  /** images × repeats (repeats 1 without a prefix). */
  perEpoch: z.number().int(),
});
export type FolderSummary = z.infer<typeof folderSummarySchema>;

export const verdictSchema = z.strictObject({
  status: z.enum(['ready', 'attention', 'blocked']),
  text: z.string(),
});
export type Verdict = z.infer<typeof verdictSchema>;

export const checkReportSchema = z.strictObject({
  root: z.string(),
  trigger: z.string().nullable(),
  triggerSource: z.enum(['option', 'project', 'inferred', 'none']),
  /** Decode-based rules (corruption, blur, near duplicates) ran. */
  decoded: z.boolean(),
  folders: z.array(folderSummarySchema),
  totals: z.strictObject({
    images: z.number().int(),
    captions: z.number().int(),
    character: z.number().int(),
    realbody: z.number().int(),
  }),
  /** Σ images × num_repeats, the way ai-toolkit counts an epoch (reference/ai-toolkit.md §5). */
  imagesPerEpoch: z.number().int(),
  composition: z.strictObject({
    character: z.strictObject({ closeup: classCount, fullbody: classCount, variety: classCount, unclassified: z.number().int() }),
    realbody: z.strictObject({ legs: classCount, torso: classCount, fullbody: classCount, unclassified: z.number().int() }),
  }),
  findings: z.array(findingSchema),
  counts: z.strictObject({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  verdict: verdictSchema,
  durationMs: z.number(),
});
export type CheckReport = z.infer<typeof checkReportSchema>;
