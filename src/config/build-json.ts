import { z } from 'zod';
import type { BuildNote, BuildResult } from './builder.js';
import type { Choices } from './choices.js';
import { configFindingJsonSchema } from './lint-json.js';
import type { SavedConfig } from './service.js';
import type { StepMath } from './step-math.js';

/** What `lorapilot config build --json` prints (with and without --dry-run), for scripts. */

const readingSchema = z.strictObject({ totalSteps: z.number(), saveEvery: z.number(), realEpochs: z.number(), text: z.string() });

export const stepMathSchema: z.ZodType<StepMath> = z.strictObject({
  folders: z.array(z.strictObject({ rel: z.string(), images: z.number(), repeats: z.number(), items: z.number(), perEpoch: z.number() })),
  resolutions: z.number(),
  flips: z.number(),
  imagesPerEpoch: z.number(),
  batchesPerEpoch: z.number(),
  stepsPerEpoch: z.number(),
  totalSteps: z.number(),
  epochs: z.number(),
  saveEvery: z.number(),
  sampleEvery: z.number(),
  saveSteps: z.array(z.number()),
  keep: z.number(),
  cadence: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('epoch'), epochsPerSave: z.number() }), z.strictObject({ kind: z.literal('tenth') })]),
  readings: z.strictObject({ toolkit: readingSchema, guide: readingSchema }),
});

export const buildNoteSchema: z.ZodType<BuildNote> = z.strictObject({
  severity: z.enum(['warning', 'info']),
  message: z.string(),
  rules: z.array(z.string()).optional(),
});

export const buildDryRunJsonSchema = z.strictObject({
  yaml: z.string(),
  math: stepMathSchema,
  notes: z.array(buildNoteSchema),
  vramNote: z.string(),
});
export type BuildDryRunJson = z.infer<typeof buildDryRunJsonSchema>;

export const buildJsonSchema = z.strictObject({
  file: z.string(),
  preset: z.string(),
  /** Only one of epochs and steps is present; neither means the preset's length in whole epochs. */
  choices: z.strictObject({
    vram: z.union([z.literal(48), z.literal(24)]),
    rank: z.number(),
    alpha: z.number(),
    lr: z.number(),
    epochs: z.number().optional(),
    steps: z.number().optional(),
    resolution: z.array(z.number()),
    batchSize: z.number(),
    gradientAccumulation: z.number(),
    captionDropout: z.number(),
  }),
  math: stepMathSchema,
  vramNote: z.string(),
  remote: z.strictObject({ dataset: z.string(), output: z.string() }),
  notes: z.array(buildNoteSchema),
  lint: z.array(configFindingJsonSchema),
  /** Why the dataset could not be read (the config then has no dataset entries). */
  datasetError: z.string().optional(),
});
export type BuildJson = z.infer<typeof buildJsonSchema>;

export function buildDryRunJson(result: BuildResult): BuildDryRunJson {
  return { yaml: result.yaml, math: result.math, notes: result.notes, vramNote: result.vramNote };
}

export function buildJson(c: Choices, result: BuildResult, saved: SavedConfig, datasetError: string | undefined): BuildJson {
  return {
    file: saved.file,
    preset: c.preset.id,
    choices: {
      vram: c.vram, rank: c.rank, alpha: c.alpha, lr: c.lr,
      ...(c.epochs !== undefined ? { epochs: c.epochs } : {}),
      ...(c.steps !== undefined ? { steps: c.steps } : {}),
      resolution: c.resolution, batchSize: c.batchSize, gradientAccumulation: c.gradientAccumulation, captionDropout: c.captionDropout,
    },
    math: result.math,
    vramNote: result.vramNote,
    remote: { dataset: result.layout.dataset, output: result.outputFolder },
    notes: result.notes,
    lint: saved.lint.findings,
    ...(datasetError !== undefined ? { datasetError } : {}),
  };
}
