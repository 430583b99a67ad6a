import type { ModelFamily } from './model-family.js';

/**
 * Per model family, what a ComfyUI test workflow loads and how it samples (a table: the logic that
 * uses it is in comfy-workflow.ts).
 */
export interface FamilyTemplate {
  family: ModelFamily;
  label: string;
  /** The base model files ComfyUI must have (file names are the Comfy-Org repackaged ones; change them with --base). */
  models: Record<string, string>;
  steps: number;
  cfg: number;
  guidance?: number;
  sampler: string;
  scheduler: string;
  shift?: number;
  /** Whether the negative prompt has any effect (CFG > 1). */
  usesNegative: boolean;
  notes: string[];
}

export function familyTemplate(family: ModelFamily): FamilyTemplate {
  switch (family) {
    case 'flux1-dev':
      return {
        family,
        label: 'FLUX.1-dev',
        models: { unet: 'flux1-dev.safetensors', clip_t5: 't5xxl_fp16.safetensors', clip_l: 'clip_l.safetensors', vae: 'ae.safetensors' },
        steps: 20,
        cfg: 1,
        guidance: 3.5,
        sampler: 'euler',
        scheduler: 'simple',
        usesNegative: false,
        notes: [
          'FLUX.1-dev: UNETLoader + DualCLIPLoader(type flux) + VAELoader; guidance through FluxGuidance, KSampler cfg 1 (the negative prompt has no effect at cfg 1).',
          'With the all-in-one fp8 checkpoint (flux1-dev-fp8.safetensors) use --loader checkpoint instead.',
        ],
      };
    case 'flux1-schnell':
      return {
        family,
        label: 'FLUX.1-schnell',
        models: { unet: 'flux1-schnell.safetensors', clip_t5: 't5xxl_fp16.safetensors', clip_l: 'clip_l.safetensors', vae: 'ae.safetensors' },
        steps: 4,
        cfg: 1,
        sampler: 'euler',
        scheduler: 'simple',
        usesNegative: false,
        notes: ['FLUX.1-schnell: 4 steps, cfg 1, no guidance node (schnell is not guidance-distilled).'],
      };
    case 'qwen-image':
      return {
        family,
        label: 'Qwen-Image',
        models: { unet: 'qwen_image_fp8_e4m3fn.safetensors', clip: 'qwen_2.5_vl_7b_fp8_scaled.safetensors', vae: 'qwen_image_vae.safetensors' },
        steps: 25,
        cfg: 2.5,
        sampler: 'euler',
        scheduler: 'simple',
        shift: 3.1,
        usesNegative: true,
        notes: ['Qwen-Image: UNETLoader + CLIPLoader(type qwen_image) + ModelSamplingAuraFlow(shift 3.1), as in ComfyUI\'s Qwen-Image example.'],
      };
    case 'zimage-turbo':
      return {
        family,
        label: 'Z-Image Turbo',
        models: { unet: 'z_image_turbo_bf16.safetensors', clip: 'qwen_3_4b.safetensors', vae: 'ae.safetensors' },
        steps: 9,
        cfg: 1,
        sampler: 'res_multistep',
        scheduler: 'simple',
        shift: 3,
        usesNegative: false,
        notes: ['Z-Image Turbo: UNETLoader + CLIPLoader(type lumina2) + ModelSamplingAuraFlow(shift 3), 9 steps at cfg 1 (reference §7: guidance 1, 9 steps).'],
      };
    case 'zimage':
      return {
        family,
        label: 'Z-Image',
        models: { unet: 'z_image_bf16.safetensors', clip: 'qwen_3_4b.safetensors', vae: 'ae.safetensors' },
        steps: 30,
        cfg: 4,
        sampler: 'res_multistep',
        scheduler: 'simple',
        shift: 3,
        usesNegative: true,
        notes: ['Z-Image: UNETLoader + CLIPLoader(type lumina2) + ModelSamplingAuraFlow(shift 3), 30 steps at cfg 4 (reference §7).'],
      };
    case 'sdxl':
      return {
        family,
        label: 'SDXL',
        models: { checkpoint: 'sd_xl_base_1.0.safetensors' },
        steps: 30,
        cfg: 6,
        sampler: 'euler',
        scheduler: 'normal',
        usesNegative: true,
        notes: ['SDXL: CheckpointLoaderSimple (model, CLIP and VAE in one file), EmptyLatentImage, cfg 6.'],
      };
    case 'sd15':
      return {
        family,
        label: 'SD 1.5',
        models: { checkpoint: 'v1-5-pruned-emaonly.safetensors' },
        steps: 30,
        cfg: 7,
        sampler: 'euler',
        scheduler: 'normal',
        usesNegative: true,
        notes: ['SD 1.5: CheckpointLoaderSimple, EmptyLatentImage, cfg 7.'],
      };
    default:
      return {
        family,
        label: 'an all-in-one checkpoint',
        models: { checkpoint: 'base_model.safetensors' },
        steps: 25,
        cfg: 4,
        sampler: 'euler',
        scheduler: 'simple',
        usesNegative: true,
        notes: [
          'The base model family is not one lorapilot writes dedicated loaders for: the workflows use CheckpointLoaderSimple.',
          'Pass --base FILE with a checkpoint ComfyUI can load in one file, or load one workflow in ComfyUI and adapt the loaders.',
        ],
      };
  }
}
