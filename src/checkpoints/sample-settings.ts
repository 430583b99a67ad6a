import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configCopyPath } from '../ai-toolkit/layout.js';
import type { Target } from '../remote/target.js';
import { stripAnsi } from '../text/sanitize.js';

/**
 * How a run drew its samples, from the config.yaml ai-toolkit writes into the output folder after
 * `[name]` substitution (reference §2): the prompts (never written next to the images) and the seed
 * of each, `sample.seed` plus the prompt's index when `walk_seed` is on, or the prompt's own seed.
 */
export interface SampleSettings {
  prompts: string[];
  /** Seed of prompt i; null when the config does not say. */
  seeds: Array<number | null>;
}

const promptEntry = z.union([z.string(), z.object({ prompt: z.string(), seed: z.number().int().optional() }).passthrough()]);
const shape = z.object({
  config: z.object({
    process: z
      .array(
        z
          .object({
            sample: z.object({ prompts: z.array(promptEntry).optional(), seed: z.number().int().optional(), walk_seed: z.boolean().optional() }).passthrough().optional(),
          })
          .passthrough(),
      )
      .min(1),
  }),
});

export async function sampleSettings(target: Target, folder: string): Promise<SampleSettings> {
  try {
    const text = (await target.readFile(configCopyPath(folder))).toString('utf8');
    const parsed = shape.safeParse(parseYaml(text));
    if (!parsed.success) return { prompts: [], seeds: [] };
    const sample = parsed.data.config.process[0].sample;
    const entries = sample?.prompts ?? [];
    // Text from the pod is drawn and printed: no control sequences get through.
    const prompts = entries.map((p) => stripAnsi(typeof p === 'string' ? p : p.prompt));
    const seeds = entries.map((p, i) => (typeof p !== 'string' && p.seed !== undefined ? p.seed : sample?.seed !== undefined ? sample.seed + (sample.walk_seed ? i : 0) : null));
    return { prompts, seeds };
  } catch {
    return { prompts: [], seeds: [] };
  }
}
