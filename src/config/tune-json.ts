import { z } from 'zod';
import { CHANGE_FIELDS } from './changes.js';
import type { TuneResult } from './service.js';
import { SYMPTOM_LABELS, SYMPTOMS, type Advice, type Symptom } from './tuning.js';

/** What `lorapilot config tune --json` prints: the symptoms, or the advice for one (and whether it was applied). */

export const symptomsJsonSchema = z.array(z.strictObject({ id: z.enum(SYMPTOMS), label: z.string() }));
export type SymptomsJson = z.infer<typeof symptomsJsonSchema>;

const changeSchema = z.strictObject({ field: z.enum(CHANGE_FIELDS), from: z.number().optional(), to: z.number() });

export const tuneJsonSchema = z.strictObject({
  symptom: z.enum(SYMPTOMS),
  label: z.string(),
  causes: z.array(z.string()),
  dataset: z.array(z.string()),
  meanwhile: z.array(z.string()),
  config: z.array(changeSchema),
  why: z.string().optional(),
  applied: z.boolean(),
  /** The config file rewritten with the change, or null when none had been written. */
  rebuilt: z.string().nullable(),
});
export type TuneJson = z.infer<typeof tuneJsonSchema>;

export function symptomsJson(): SymptomsJson {
  return SYMPTOMS.map((s: Symptom) => ({ id: s, label: SYMPTOM_LABELS[s] }));
}

export function tuneJson(r: TuneResult): TuneJson {
  const a: Advice = r.advice;
  return { ...a, applied: r.applied, rebuilt: r.rebuilt ?? null };
}
