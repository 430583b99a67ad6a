import { z } from 'zod';
import {
  CONTENT_OR_STYLE, DTYPES, isOptimizer, JOB_TYPES, LOSS_TYPES, NETWORK_TYPES, OTHER_PROCESS_TYPES, parseQtype,
  SAMPLE_FORMATS, SAVE_FORMATS, TIMESTEP_TYPES, TRAINER_TYPES,
} from './vocabulary.js';
import { withReadKeys } from './known-keys.js';

/**
 * A strict zod schema of an ai-toolkit training job (reference/ai-toolkit.md §3).
 * ai-toolkit reads every key with `kwargs.get(key, default)` and silently ignores the rest, so every
 * object here is strict: an unknown key is a finding. Defaults are ai-toolkit's own, not ours — they
 * document what happens when a key is left out (several of them are traps: lr 1e-6, dtype fp32, alpha 1).
 * Optional keys accept null as well, because the UI writes `trigger_word: null`, `mask_path: null`.
 * Each section also accepts, untyped, every other key ai-toolkit's source reads there (known-keys.ts),
 * and nothing else.
 */

const num = z.number();
const int = z.number().int();
const bool = z.boolean();
const str = z.string();
const opt = <T extends z.ZodType>(t: T) => t.nullish();

const dtype = z.enum(DTYPES);
const qtype = z.string().superRefine((v, ctx) => {
  const q = parseQtype(v);
  if (!q.ok) ctx.addIssue({ code: 'custom', message: q.reason });
});
const optimizer = z.string().refine(isOptimizer, { message: 'not an optimizer ai-toolkit knows (optimizer.py:75)' });
/** A list or a single value; ai-toolkit accepts both for resolution. */
const intOrList = z.union([int.positive(), z.array(int.positive()).min(1)]);

/** network (NetworkConfig, config_modules.py:169-227), §3.2. */
export const networkSchema = z.strictObject(withReadKeys('network', {
  type: opt(z.enum(NETWORK_TYPES)).default('lora'),
  linear: opt(int.positive()).default(4),
  /** Alias of `linear`. */
  rank: opt(int.positive()),
  /** Defaults to `alpha`, which defaults to 1.0 — not to `linear`. */
  linear_alpha: opt(num.positive()),
  alpha: opt(num.positive()).default(1),
  conv: opt(int.positive()),
  conv_alpha: opt(num.positive()),
  dropout: opt(num.min(0).max(1)),
  network_kwargs: opt(z.record(str, z.unknown())).default({}),
  transformer_only: opt(bool).default(true),
  lokr_full_rank: opt(bool).default(true),
  lokr_factor: opt(int).default(-1),
  old_lokr_format: opt(bool).default(false),
  split_multistage_loras: opt(bool).default(true),
  layer_offloading: opt(bool).default(false),
  pretrained_lora_path: opt(str),
  all_layers: opt(bool).default(false),
  lorm: opt(z.record(str, z.unknown())),
}));

/** save (SaveConfig, config_modules.py:23-33), §3.3. */
export const saveSchema = z.strictObject(withReadKeys('save', {
  save_every: opt(int.positive()).default(1000),
  dtype: opt(dtype).default('float16'),
  max_step_saves_to_keep: opt(int.nonnegative()).default(5),
  save_format: opt(z.enum(SAVE_FORMATS)).default('safetensors'),
  push_to_hub: opt(bool).default(false),
  hf_repo_id: opt(str),
  hf_private: opt(bool).default(false),
}));

/** datasets[] (DatasetConfig, config_modules.py:911-1092), §3.4. */
export const datasetSchema = z.strictObject(withReadKeys('dataset', {
  folder_path: opt(str),
  dataset_path: opt(str),
  type: opt(z.literal('image')).default('image'),
  caption_ext: opt(str).default('.txt'),
  /** Legacy alias of caption_ext. */
  caption_type: opt(str),
  default_caption: opt(str),
  trigger_word: opt(str),
  random_triggers: opt(z.union([z.array(str), str])).default([]),
  random_triggers_max: opt(int.positive()).default(1),
  /** A list is split into one dataset copy per value (config_modules.py:1095-1113). */
  resolution: opt(intOrList).default(512),
  buckets: opt(bool).default(true),
  bucket_tolerance: opt(int.positive()).default(64),
  scale: opt(num.positive()).default(1),
  random_scale: opt(bool).default(false),
  random_crop: opt(bool).default(false),
  square_crop: opt(bool).default(false),
  flip_x: opt(bool).default(false),
  flip_y: opt(bool).default(false),
  num_repeats: opt(int.positive()).default(1),
  caption_dropout_rate: opt(num.min(0).max(1)).default(0),
  token_dropout_rate: opt(num.min(0).max(1)).default(0),
  keep_tokens: opt(int.nonnegative()).default(0),
  shuffle_tokens: opt(bool).default(false),
  cache_latents: opt(bool).default(false),
  cache_latents_to_disk: opt(bool).default(false),
  cache_text_embeddings: opt(bool).default(false),
  is_reg: opt(bool).default(false),
  prior_reg: opt(bool).default(false),
  network_weight: opt(num).default(1),
  loss_multiplier: opt(num).default(1),
  replacements: opt(z.array(str)).default([]),
  batch_size: opt(int.positive()),
  num_workers: opt(int.nonnegative()).default(2),
  prefetch_factor: opt(int.positive()).default(2),
  cache_latents_num_workers: opt(int.positive()),
  mask_path: opt(str),
  alpha_mask: opt(bool),
  invert_mask: opt(bool),
  mask_min_value: opt(num),
  control_path: opt(z.union([str, z.array(str)])),
  control_path_1: opt(str),
  control_path_2: opt(str),
  control_path_3: opt(str),
  inpaint_path: opt(str),
  controls: opt(z.array(z.unknown())),
  num_frames: opt(int.positive()).default(1),
  fps: opt(num.positive()).default(24),
  shrink_video_to_frames: opt(bool).default(true),
  auto_frame_count: opt(bool),
  do_i2v: opt(bool),
  do_audio: opt(bool),
  fast_image_size: opt(bool).default(false),
  standardize_images: opt(bool).default(false),
  augments: opt(z.array(z.unknown())),
  augmentations: opt(z.array(z.unknown())),
}));

/** train.ema_config (EMAConfig, config_modules.py:825-835). */
export const emaSchema = z.strictObject(withReadKeys('ema', {
  use_ema: opt(bool).default(false),
  ema_decay: opt(num.gt(0).lt(1)).default(0.999),
  use_feedback: opt(bool).default(false),
  param_multiplier: opt(num).default(1),
}));

/** train (TrainConfig, config_modules.py:375-620), §3.5. */
export const trainSchema = z.strictObject(withReadKeys('train', {
  steps: opt(int.positive()).default(1000),
  batch_size: opt(int.positive()).default(1),
  gradient_accumulation: opt(int.positive()).default(1),
  /** Legacy: the optimizer steps every N loop iterations; -1 = once per epoch. */
  gradient_accumulation_steps: opt(int.refine((n) => n === -1 || n >= 1, 'a positive number, or -1')).default(1),
  lr: opt(num.positive()).default(1e-6),
  unet_lr: opt(num.positive()),
  text_encoder_lr: opt(num.positive()),
  refiner_lr: opt(num.positive()),
  embedding_lr: opt(num.positive()),
  adapter_lr: opt(num.positive()),
  optimizer: opt(optimizer).default('adamw'),
  optimizer_params: opt(z.record(str, z.unknown())).default({}),
  lr_scheduler: opt(str).default('constant'),
  lr_scheduler_params: opt(z.record(str, z.unknown())).default({}),
  noise_scheduler: opt(str).default('ddpm'),
  dtype: opt(dtype).default('fp32'),
  train_unet: opt(bool).default(true),
  train_text_encoder: opt(bool).default(false),
  gradient_checkpointing: opt(bool).default(true),
  timestep_type: opt(z.enum(TIMESTEP_TYPES)).default('sigmoid'),
  content_or_style: opt(z.enum(CONTENT_OR_STYLE)).default('balanced'),
  ema_config: opt(emaSchema),
  skip_first_sample: opt(bool).default(false),
  force_first_sample: opt(bool).default(false),
  disable_sampling: opt(bool).default(false),
  cache_text_embeddings: opt(bool).default(false),
  unload_text_encoder: opt(bool).default(false),
  max_grad_norm: opt(num).default(1),
  start_step: opt(int.nonnegative()),
  noise_offset: opt(num).default(0),
  min_snr_gamma: opt(num),
  snr_gamma: opt(num),
  loss_type: opt(z.enum(LOSS_TYPES)).default('mse'),
  diff_output_preservation: opt(bool).default(false),
  diff_output_preservation_multiplier: opt(num).default(1),
  diff_output_preservation_class: opt(str).default(''),
  blank_prompt_preservation: opt(bool).default(false),
  switch_boundary_every: opt(int.positive()).default(1),
  bypass_guidance_embedding: opt(bool).default(false),
  do_differential_guidance: opt(bool).default(false),
  max_loss: opt(num),
  validation_config: opt(z.record(str, z.unknown())),
  attention_backend: opt(str).default('native'),
  xformers: opt(bool).default(false),
  sdp: opt(bool).default(false),
  /** The train-side negative; sampling uses sample.neg. */
  negative_prompt: opt(str),
}));

/** model (ModelConfig, config_modules.py:626-821), §3.6. */
export const modelSchema = z.strictObject(withReadKeys('model', {
  name_or_path: str.min(1),
  arch: opt(str),
  quantize: opt(bool).default(false),
  qtype: opt(qtype).default('qfloat8'),
  quantize_te: opt(bool),
  qtype_te: opt(qtype).default('qfloat8'),
  low_vram: opt(bool).default(false),
  layer_offloading: opt(bool).default(false),
  layer_offloading_transformer_percent: opt(num.min(0).max(1)).default(1),
  layer_offloading_text_encoder_percent: opt(num.min(0).max(1)).default(1),
  assistant_lora_path: opt(str),
  inference_lora_path: opt(str),
  extras_name_or_path: opt(str),
  accuracy_recovery_adapter: opt(str),
  model_kwargs: opt(z.record(str, z.unknown())).default({}),
  compile: opt(bool).default(false),
  block_compile: opt(bool).default(false),
  attn_masking: opt(bool).default(false),
  vae_path: opt(str),
  te_name_or_path: opt(str),
  lora_path: opt(str),
  is_flux: opt(bool),
  is_xl: opt(bool),
  is_v2: opt(bool),
  is_v3: opt(bool),
  is_ssd: opt(bool),
  is_vega: opt(bool),
  is_pixart: opt(bool),
  is_pixart_sigma: opt(bool),
  is_auraflow: opt(bool),
  is_lumina2: opt(bool),
  is_v_pred: opt(bool),
  /** UI-era key migrated to layer_offloading (jobConfig.ts). */
  auto_memory: opt(bool),
}));

/** sample.samples[] (SampleItem). */
export const sampleItemSchema = z.strictObject(withReadKeys('sampleItem', {
  prompt: str,
  width: opt(int.positive()),
  height: opt(int.positive()),
  neg: opt(z.union([str, bool])),
  seed: opt(int),
  guidance_scale: opt(num),
  sample_steps: opt(int.positive()),
  network_multiplier: opt(num),
  fps: opt(num.positive()),
  num_frames: opt(int.positive()),
  ctrl_img: opt(str),
  ctrl_img_1: opt(str),
  ctrl_img_2: opt(str),
  ctrl_img_3: opt(str),
  ctrl_idx: opt(int),
}));

/** sample (SampleConfig, config_modules.py:44-119), §3.7. */
export const sampleSchema = z.strictObject(withReadKeys('sample', {
  sampler: opt(str).default('ddpm'),
  sample_every: opt(int.positive()).default(100),
  sample_start_step: opt(int.nonnegative()).default(0),
  width: opt(int.positive()).default(512),
  height: opt(int.positive()).default(512),
  /** False by default; a string is the negative prompt of every sample. */
  neg: opt(z.union([str, bool])).default(false),
  seed: opt(int).default(0),
  walk_seed: opt(bool).default(false),
  guidance_scale: opt(num).default(7),
  sample_steps: opt(int.positive()).default(20),
  network_multiplier: opt(num).default(1),
  guidance_rescale: opt(num).default(0),
  format: opt(z.enum(SAMPLE_FORMATS)).default('jpg'),
  num_frames: opt(int.positive()).default(1),
  fps: opt(num.positive()).default(16),
  /** Legacy list of prompt strings. */
  prompts: opt(z.array(str)).default([]),
  samples: opt(z.array(sampleItemSchema)),
  do_cfg_norm: opt(bool).default(false),
  extra_values: opt(z.array(z.unknown())),
  adapter_conditioning_scale: opt(num),
  refiner_start_at: opt(num),
}));

/** logging (LoggingConfig, config_modules.py:35-42), §3.8. */
export const loggingSchema = z.strictObject(withReadKeys('logging', {
  /** null logs every step. */
  log_every: opt(int.positive()).default(100),
  verbose: opt(bool).default(false),
  use_wandb: opt(bool).default(false),
  /** Writes loss_log.db, which the monitor reads. */
  use_ui_logger: opt(bool).default(false),
  project_name: opt(str).default('ai-toolkit'),
  run_name: opt(str),
}));

const block = z.record(str, z.unknown());

/** A trainer process (BaseSDTrainProcess and parents), §3.1. */
export const trainerProcessSchema = z.strictObject(withReadKeys('process', {
  type: z.enum(TRAINER_TYPES),
  name: opt(str),
  /** Required in practice: os.path.join(None, …) fails (BaseTrainProcess.py:43-45). */
  training_folder: opt(str),
  /** Not read by the sd trainer: the GPU comes from CUDA_VISIBLE_DEVICES. */
  device: opt(str),
  trigger_word: opt(str),
  performance_log_every: opt(int.nonnegative()).default(0),
  training_seed: opt(int),
  log_dir: opt(str),
  network: opt(networkSchema),
  train: opt(trainSchema),
  model: modelSchema,
  save: opt(saveSchema),
  sample: opt(sampleSchema),
  first_sample: opt(sampleSchema),
  logging: opt(loggingSchema),
  datasets: opt(z.array(datasetSchema)),
  guidance: opt(block),
  embedding: opt(block),
  decorator: opt(block),
  adapter: opt(block),
  do_lorm: opt(bool),
  lorm_extract_mode: opt(str),
  lorm_extract_mode_param: opt(z.unknown()),
  torch_profiler: opt(bool),
  sqlite_db_path: opt(str),
}));

/** Other extension processes (sliders, generators, captioners): checked for their type only. */
export const otherProcessSchema = z.looseObject({ type: z.enum(OTHER_PROCESS_TYPES) });

export const processSchema = z.discriminatedUnion('type', [trainerProcessSchema, otherProcessSchema]);

/** The whole file: `job: extension`, `config.name`, `config.process[]`, optional `meta`. */
export const jobSchema = z.strictObject({
  job: z.enum(JOB_TYPES),
  config: z.strictObject({
    name: str.min(1),
    process: z.array(processSchema).min(1),
    /** The job's device (ExtensionJob.py:11); the trainer itself trains on accelerator.device. */
    device: opt(str),
  }),
  meta: opt(z.record(str, z.unknown())),
});

export type AiToolkitJob = z.infer<typeof jobSchema>;
export type TrainerProcess = z.infer<typeof trainerProcessSchema>;
export type TrainerProcessInput = z.input<typeof trainerProcessSchema>;
export type DatasetEntry = z.input<typeof datasetSchema>;
export type JobInput = z.input<typeof jobSchema>;

/** The schema object that holds the keys of each section, for "did you mean" and key lookups. */
export const SECTIONS = {
  top: jobSchema,
  config: jobSchema.shape.config,
  process: trainerProcessSchema,
  network: networkSchema,
  save: saveSchema,
  dataset: datasetSchema,
  train: trainSchema,
  ema: emaSchema,
  model: modelSchema,
  sample: sampleSchema,
  sampleItem: sampleItemSchema,
  logging: loggingSchema,
} as const;
export type SectionName = keyof typeof SECTIONS;

export function sectionKeys(section: SectionName): string[] {
  return Object.keys(SECTIONS[section].shape);
}

/** Which section an object at this path of a job is (path as in zod issues). */
export function sectionAt(path: ReadonlyArray<PropertyKey>): SectionName | null {
  const p = path.map((x) => (typeof x === 'number' ? '#' : String(x)));
  const s = p.join('.');
  if (s === '') return 'top';
  if (s === 'config') return 'config';
  if (s === 'config.process.#') return 'process';
  const m = /^config\.process\.#\.(.+)$/.exec(s);
  if (!m) return null;
  switch (m[1]) {
    case 'network': return 'network';
    case 'save': return 'save';
    case 'datasets.#': return 'dataset';
    case 'train': return 'train';
    case 'train.ema_config': return 'ema';
    case 'model': return 'model';
    case 'sample':
    case 'first_sample': return 'sample';
    case 'sample.samples.#':
    case 'first_sample.samples.#': return 'sampleItem';
    case 'logging': return 'logging';
    default: return null;
  }
}
