import type { FolderInfo } from '../dataset/scan.js';
import { remoteDatasetFolder, type RemoteLayout } from '../project/pod-layout.js';
import type { Choices } from './choices.js';
import type { PresetModel } from './presets.js';
import { defaultPrompts, GUIDE_NEGATIVE, SAMPLE_SEED, samplePrompt } from './sample-prompts.js';
import type { StepMath } from './step-math.js';

/** The trainer process of the config, block by block, with the values the guide's run needs. */

export interface ProcessInput {
  trigger: string;
  layout: RemoteLayout;
  folders: readonly FolderInfo[];
  choices: Choices;
  math: StepMath;
  /** The model class reads noise_scheduler and sample.sampler (newer ones ignore them). */
  legacy: boolean;
  model: PresetModel;
  cacheTe: boolean;
}

type Block = Record<string, unknown>;

export function trainerProcess(d: ProcessInput): Block {
  const { choices: c, math } = d;
  return {
    type: 'sd_trainer',
    training_folder: d.layout.trainingFolder,
    trigger_word: d.trigger,
    network: { type: 'lora', linear: c.rank, linear_alpha: c.alpha },
    save: { dtype: 'bf16', save_every: math.saveEvery, max_step_saves_to_keep: math.keep },
    datasets: d.folders.map((f) => ({
      folder_path: remoteDatasetFolder(d.layout, f.rel),
      caption_ext: 'txt',
      num_repeats: Math.max(1, f.repeats ?? 1),
      resolution: [...c.resolution],
      caption_dropout_rate: c.captionDropout,
      shuffle_tokens: false,
      cache_latents_to_disk: true,
    })),
    train: trainBlock(d),
    model: modelBlock(c, d.model),
    sample: sampleBlock(d),
    logging: { use_ui_logger: true, log_every: 1 },
  };
}

function trainBlock({ choices: c, math, legacy, cacheTe }: ProcessInput): Block {
  const preset = c.preset;
  return {
    batch_size: c.batchSize,
    steps: math.totalSteps,
    gradient_accumulation: c.gradientAccumulation,
    train_unet: true,
    train_text_encoder: false,
    gradient_checkpointing: true,
    ...(legacy && preset.noiseScheduler ? { noise_scheduler: preset.noiseScheduler } : {}),
    ...(preset.timestepType ? { timestep_type: preset.timestepType } : {}),
    optimizer: 'adamw8bit',
    lr: c.lr,
    lr_scheduler: 'constant',
    dtype: 'bf16',
    ...(cacheTe ? { cache_text_embeddings: true } : {}),
  };
}

function modelBlock(c: Choices, model: PresetModel): Block {
  return {
    name_or_path: c.preset.nameOrPath,
    arch: c.preset.arch,
    quantize: model.quantize,
    ...(model.quantize && model.qtype ? { qtype: model.qtype } : {}),
    ...(model.quantize_te !== undefined ? { quantize_te: model.quantize_te } : {}),
    ...(model.quantize_te && model.qtype_te ? { qtype_te: model.qtype_te } : {}),
    ...(model.low_vram ? { low_vram: true } : {}),
    ...(model.assistant_lora_path ? { assistant_lora_path: model.assistant_lora_path } : {}),
    ...(model.extras_name_or_path ? { extras_name_or_path: model.extras_name_or_path } : {}),
    ...(model.model_kwargs ? { model_kwargs: model.model_kwargs } : {}),
  };
}

function sampleBlock({ choices: c, math, legacy, folders, trigger }: ProcessInput): Block {
  const preset = c.preset;
  const prompts = (c.prompts ?? defaultPrompts(folders)).map((p) => samplePrompt(p, trigger));
  const size = Math.max(...c.resolution);
  return {
    ...(legacy && preset.sampler ? { sampler: preset.sampler } : {}),
    sample_every: math.sampleEvery,
    width: size,
    height: size,
    samples: prompts.map((prompt) => ({ prompt })),
    ...(preset.usesNegative ? { neg: GUIDE_NEGATIVE } : {}),
    seed: SAMPLE_SEED,
    walk_seed: true,
    guidance_scale: preset.guidanceScale,
    sample_steps: preset.sampleSteps,
  };
}
