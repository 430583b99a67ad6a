import { z } from 'zod';
import keyList from '../ai-toolkit/keys.json' with { type: 'json' };

/**
 * The keys ai-toolkit reads, per section, as extracted from its source (src/ai-toolkit/keys.json,
 * written by `npm run ai-toolkit:keys`). The schema types the keys that lorapilot checks; every other
 * key ai-toolkit reads is accepted as it is, so no key it reads is ever called unknown.
 */

export const KEY_SOURCE: { repo: string; commit: string } = keyList.source;

/** Where each schema section sits in the key list. */
export const SECTION_PATHS = {
  top: '',
  config: 'config',
  process: 'config.process[]',
  network: 'config.process[].network',
  save: 'config.process[].save',
  dataset: 'config.process[].datasets[]',
  train: 'config.process[].train',
  ema: 'config.process[].train.ema_config',
  model: 'config.process[].model',
  sample: 'config.process[].sample',
  sampleItem: 'config.process[].sample.samples[]',
  logging: 'config.process[].logging',
} as const;
export type KeySection = keyof typeof SECTION_PATHS;

/**
 * Keys the schema accepts although ai-toolkit's trainer never reads them, each with why. Only keys the
 * official examples write and a rule of its own explains (process.device: the lint says it picks no GPU).
 */
export const ACCEPTED_UNREAD: Partial<Record<KeySection, readonly string[]>> = {
  process: ['device'],
};

const sections = keyList.sections as Record<string, string[] | undefined>;

export function readKeys(section: KeySection): readonly string[] {
  return sections[SECTION_PATHS[section]] ?? [];
}

/** The typed shape plus every other key ai-toolkit reads in this section, accepted as any value. */
export function withReadKeys<S extends z.ZodRawShape>(section: KeySection, typed: S): S & Record<string, z.ZodOptional<z.ZodUnknown>> {
  const rest: Record<string, z.ZodOptional<z.ZodUnknown>> = {};
  for (const k of readKeys(section)) if (!(k in typed)) rest[k] = z.unknown().optional();
  return { ...rest, ...typed };
}
