import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * Which base model a LoRA was trained on, as far as testing it in ComfyUI is concerned.
 * Read from the written ai-toolkit config (model.arch / is_flux / name_or_path, reference §3 and §7),
 * else from the preset id.
 */
export const MODEL_FAMILIES = ['flux1-dev', 'flux1-schnell', 'qwen-image', 'zimage-turbo', 'zimage', 'sdxl', 'sd15', 'other'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

export interface TrainedModel {
  family: ModelFamily;
  /** What the family was read from, for the plan's notes. */
  source: string;
  nameOrPath?: string;
  /** Sample settings from the config (guidance, steps, size, negative prompt), when present. */
  sample: { guidance?: number; steps?: number; width?: number; height?: number; neg?: string };
}

export function familyFrom(arch: string | undefined, nameOrPath: string | undefined, isFlux: boolean | undefined, preset: string | undefined): ModelFamily {
  const a = (arch ?? '').toLowerCase();
  const n = (nameOrPath ?? '').toLowerCase();
  const p = (preset ?? '').toLowerCase();
  const all = `${a} ${n} ${p}`;
  if (a === 'flux' || a === 'flux_kontext' || isFlux || /flux\.?1|flux1|flux-dev|flux-schnell|\bflux\b/.test(all)) {
    if (/flux2|flux\.2/.test(all)) return 'other';
    return /schnell/.test(all) ? 'flux1-schnell' : 'flux1-dev';
  }
  if (a.startsWith('qwen_image') || /qwen[-_]?image/.test(all)) return 'qwen-image';
  if (a === 'zimage' || /z[-_]?image/.test(all)) return /turbo/.test(all) && !/de[-_]?turbo/.test(all) ? 'zimage-turbo' : 'zimage';
  if (a === 'sdxl' || /sdxl|stable-diffusion-xl/.test(all)) return 'sdxl';
  if (a === 'sd1' || a === 'sd15' || /stable-diffusion-v1|sd15|sd1\.5/.test(all)) return 'sd15';
  return 'other';
}

const configShape = z.object({
  config: z.object({
    process: z
      .array(
        z.object({
          model: z.object({ arch: z.string().optional(), name_or_path: z.string().optional(), is_flux: z.boolean().optional() }).partial().optional(),
          sample: z
            .object({
              guidance_scale: z.number().optional(),
              sample_steps: z.number().optional(),
              width: z.number().optional(),
              height: z.number().optional(),
              neg: z.string().optional(),
            })
            .partial()
            .optional(),
        }),
      )
      .min(1),
  }),
});

/** The trained model, from the project's ai-toolkit config file when it can be read, else the preset. */
export async function trainedModel(projectDir: string, configFile: string | undefined, preset: string | undefined): Promise<TrainedModel> {
  if (configFile) {
    try {
      const text = await readFile(isAbsolute(configFile) ? configFile : join(projectDir, configFile), 'utf8');
      const parsed = configShape.safeParse(parseYaml(text));
      if (parsed.success) {
        const proc = parsed.data.config.process[0];
        const m = proc.model ?? {};
        const s = proc.sample ?? {};
        return {
          family: familyFrom(m.arch, m.name_or_path, m.is_flux, preset),
          source: `${configFile} (model.arch ${m.arch ?? 'unset'}, name_or_path ${m.name_or_path ?? 'unset'})`,
          nameOrPath: m.name_or_path,
          sample: { guidance: s.guidance_scale, steps: s.sample_steps, width: s.width, height: s.height, neg: s.neg },
        };
      }
    } catch {
      // Fall back to the preset.
    }
  }
  return { family: familyFrom(undefined, undefined, undefined, preset), source: preset ? `preset '${preset}'` : 'no config or preset', sample: {} };
}
