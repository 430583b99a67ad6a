import { z } from 'zod';
import type { Preset, PresetModel } from './presets.js';

/** What `lorapilot config presets --json` prints: every preset with its values for both GPU sizes. */

const presetModelSchema: z.ZodType<PresetModel> = z.strictObject({
  quantize: z.boolean(),
  qtype: z.string().optional(),
  quantize_te: z.boolean().optional(),
  qtype_te: z.string().optional(),
  low_vram: z.boolean().optional(),
  assistant_lora_path: z.string().optional(),
  extras_name_or_path: z.string().optional(),
  model_kwargs: z.record(z.string(), z.unknown()).optional(),
});

const byVram = <T extends z.ZodType>(t: T) => z.strictObject({ 48: t, 24: t });

export const presetJsonSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  arch: z.string(),
  name_or_path: z.string(),
  gated: z.boolean(),
  model: byVram(presetModelSchema),
  cache_text_embeddings: byVram(z.boolean()),
  noise_scheduler: z.string().nullable(),
  sampler: z.string().nullable(),
  timestep_type: z.string().nullable(),
  guidance_scale: z.number(),
  sample_steps: z.number(),
  uses_negative: z.boolean(),
  rank: z.number(),
  lr: z.number(),
  steps: z.number(),
  vram: byVram(z.string()),
  notes: z.array(z.string()),
});
export const presetsJsonSchema = z.array(presetJsonSchema);
export type PresetJson = z.infer<typeof presetJsonSchema>;

export function presetJson(p: Preset): PresetJson {
  return {
    id: p.id, label: p.label, arch: p.arch, name_or_path: p.nameOrPath, gated: p.gated,
    model: { 48: p.model(48), 24: p.model(24) }, cache_text_embeddings: { 48: p.cacheTextEmbeddings(48), 24: p.cacheTextEmbeddings(24) },
    noise_scheduler: p.noiseScheduler ?? null, sampler: p.sampler ?? null, timestep_type: p.timestepType ?? null,
    guidance_scale: p.guidanceScale, sample_steps: p.sampleSteps, uses_negative: p.usesNegative, rank: p.rank, lr: p.lr, steps: p.steps,
    vram: { 48: p.vramNote(48), 24: p.vramNote(24) }, notes: p.notes,
  };
}
