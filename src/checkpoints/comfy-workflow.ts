import type { ComfyGraph, ComfyNode } from './comfy-graph.js';
import type { FamilyTemplate } from './comfy-templates.js';

export interface WorkflowParams {
  template: FamilyTemplate;
  /** Use CheckpointLoaderSimple even for split-file families (e.g. FLUX fp8 all-in-one). */
  loader: 'auto' | 'checkpoint';
  base?: string;
  loraName: string;
  strength: number;
  prompt: string;
  negative: string;
  seed: number;
  width: number;
  height: number;
  steps: number;
  cfg: number;
  guidance?: number;
  filenamePrefix: string;
}

type Link = [string, number];
type AddNode = (id: number, class_type: string, inputs: ComfyNode['inputs'], title?: string) => void;

/** The base model's loaders: one all-in-one checkpoint, or UNet + text encoder(s) + VAE. */
function addLoaders(node: AddNode, p: WorkflowParams, allInOne: boolean): { model: Link; clip: Link; vae: Link } {
  const t = p.template;
  if (allInOne) {
    node(1, 'CheckpointLoaderSimple', { ckpt_name: p.base ?? t.models.checkpoint ?? 'base_model.safetensors' }, 'Base model');
    return { model: ['1', 0], clip: ['1', 1], vae: ['1', 2] };
  }
  node(1, 'UNETLoader', { unet_name: p.base ?? t.models.unet, weight_dtype: 'default' }, 'Base model');
  if (t.family === 'flux1-dev' || t.family === 'flux1-schnell') {
    node(2, 'DualCLIPLoader', { clip_name1: t.models.clip_t5, clip_name2: t.models.clip_l, type: 'flux' }, 'Text encoders');
  } else {
    node(2, 'CLIPLoader', { clip_name: t.models.clip, type: t.family === 'qwen-image' ? 'qwen_image' : 'lumina2' }, 'Text encoder');
  }
  node(3, 'VAELoader', { vae_name: t.models.vae }, 'VAE');
  return { model: ['1', 0], clip: ['2', 0], vae: ['3', 0] };
}

/** Prompt and negative prompt through the LoRA's text encoder; FLUX.1-dev adds its guidance node. */
function addConditioning(node: AddNode, p: WorkflowParams): Link {
  const t = p.template;
  node(20, 'CLIPTextEncode', { text: p.prompt, clip: ['10', 1] }, 'Test prompt');
  node(21, 'CLIPTextEncode', { text: t.usesNegative ? p.negative : '', clip: ['10', 1] }, 'Negative prompt');
  if (t.family === 'flux1-dev' && p.guidance !== undefined) {
    node(22, 'FluxGuidance', { conditioning: ['20', 0], guidance: p.guidance });
    return ['22', 0];
  }
  return ['20', 0];
}

/**
 * One API-format workflow. LoraLoader sits between the model loader and everything that uses the model
 * or the text encoder, with strength_clip = strength_model (ai-toolkit LoRAs usually carry no text
 * encoder weights; then strength_clip has no effect).
 */
export function buildWorkflow(p: WorkflowParams): ComfyGraph {
  const g: ComfyGraph = {};
  const node: AddNode = (id, class_type, inputs, title) => {
    g[String(id)] = title ? { class_type, inputs, _meta: { title } } : { class_type, inputs };
  };
  const t = p.template;
  const allInOne = p.loader === 'checkpoint' || 'checkpoint' in t.models;
  const { model, clip, vae } = addLoaders(node, p, allInOne);
  node(10, 'LoraLoader', { model, clip, lora_name: p.loraName, strength_model: p.strength, strength_clip: p.strength }, 'LoRA under test');
  let sampledModel: Link = ['10', 0];
  if (t.shift !== undefined && !allInOne) {
    node(11, 'ModelSamplingAuraFlow', { model: ['10', 0], shift: t.shift });
    sampledModel = ['11', 0];
  }
  const positive = addConditioning(node, p);
  const sd3Latent = !allInOne || t.family === 'flux1-dev' || t.family === 'flux1-schnell';
  node(30, sd3Latent ? 'EmptySD3LatentImage' : 'EmptyLatentImage', { width: p.width, height: p.height, batch_size: 1 });
  node(40, 'KSampler', {
    model: sampledModel,
    positive,
    negative: ['21', 0],
    latent_image: ['30', 0],
    seed: p.seed,
    steps: p.steps,
    cfg: p.cfg,
    sampler_name: t.sampler,
    scheduler: t.scheduler,
    denoise: 1,
  });
  node(50, 'VAEDecode', { samples: ['40', 0], vae });
  node(60, 'SaveImage', { images: ['50', 0], filename_prefix: p.filenamePrefix });
  return g;
}
