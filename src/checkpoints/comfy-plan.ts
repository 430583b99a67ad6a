import { mkdir, rm, writeFile } from 'node:fs/promises';
import { GUIDE_NEGATIVE, GUIDE_TEST_PROMPTS } from '../config/builder.js';
import { join } from 'node:path';
import { stepTag } from '../ai-toolkit/names.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { ComfyGraph, ComfyNode } from './comfy-graph.js';
import type { ModelFamily, TrainedModel } from './model-family.js';
import { CRITERIA } from './scoring.js';

/**
 * The guide's testing protocol (guide §5.4, §6) as a ComfyUI test plan: for each checkpoint under test,
 * every strength × test prompt × seed is one API-format workflow. The same seeds are used for every
 * checkpoint and strength, so images compare like for like.
 */

/** guide §5.4: "Test strengths: 0.6, 0.7, 0.8, 0.9, 1.0". */
export const DEFAULT_STRENGTHS = [0.6, 0.7, 0.8, 0.9, 1.0];

/** guide §6.2: "Generate 5-10 images per prompt at different seeds". */
export const DEFAULT_SEEDS = 5;
const FIRST_SEED = 1001;

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

/**
 * One API-format workflow. LoraLoader sits between the model loader and everything that uses the model
 * or the text encoder, with strength_clip = strength_model (ai-toolkit LoRAs usually carry no text
 * encoder weights; then strength_clip has no effect).
 */
export function buildWorkflow(p: WorkflowParams): ComfyGraph {
  const g: ComfyGraph = {};
  const node = (id: number, class_type: string, inputs: ComfyNode['inputs'], title?: string) => {
    g[String(id)] = title ? { class_type, inputs, _meta: { title } } : { class_type, inputs };
  };
  const t = p.template;
  const allInOne = p.loader === 'checkpoint' || 'checkpoint' in t.models;
  let model: [string, number];
  let clip: [string, number];
  let vae: [string, number];
  if (allInOne) {
    node(1, 'CheckpointLoaderSimple', { ckpt_name: p.base ?? t.models.checkpoint ?? 'base_model.safetensors' }, 'Base model');
    model = ['1', 0];
    clip = ['1', 1];
    vae = ['1', 2];
  } else {
    node(1, 'UNETLoader', { unet_name: p.base ?? t.models.unet, weight_dtype: 'default' }, 'Base model');
    if (t.family === 'flux1-dev' || t.family === 'flux1-schnell') {
      node(2, 'DualCLIPLoader', { clip_name1: t.models.clip_t5, clip_name2: t.models.clip_l, type: 'flux' }, 'Text encoders');
    } else {
      node(2, 'CLIPLoader', { clip_name: t.models.clip, type: t.family === 'qwen-image' ? 'qwen_image' : 'lumina2' }, 'Text encoder');
    }
    node(3, 'VAELoader', { vae_name: t.models.vae }, 'VAE');
    model = ['1', 0];
    clip = ['2', 0];
    vae = ['3', 0];
  }
  node(10, 'LoraLoader', { model, clip, lora_name: p.loraName, strength_model: p.strength, strength_clip: p.strength }, 'LoRA under test');
  let sampledModel: [string, number] = ['10', 0];
  if (t.shift !== undefined && !allInOne) {
    node(11, 'ModelSamplingAuraFlow', { model: ['10', 0], shift: t.shift });
    sampledModel = ['11', 0];
  }
  node(20, 'CLIPTextEncode', { text: p.prompt, clip: ['10', 1] }, 'Test prompt');
  node(21, 'CLIPTextEncode', { text: t.usesNegative ? p.negative : '', clip: ['10', 1] }, 'Negative prompt');
  let positive: [string, number] = ['20', 0];
  const isFlux = t.family === 'flux1-dev';
  if (isFlux && p.guidance !== undefined) {
    node(22, 'FluxGuidance', { conditioning: ['20', 0], guidance: p.guidance });
    positive = ['22', 0];
  }
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

export interface PlanCheckpoint {
  step: number;
  file: string;
}

export interface PlanOptions {
  projectName: string;
  trigger: string;
  model: TrainedModel;
  checkpoints: PlanCheckpoint[];
  strengths?: number[];
  seeds?: number;
  loader?: 'auto' | 'checkpoint';
  base?: string;
  /** Sub-folder of ComfyUI/models/loras the user copies the files into. */
  loraFolder?: string;
}

export interface PlanRun {
  step: number;
  strength: number;
  prompt: number;
  seed: number;
  /** Workflow file, relative to the plan folder. */
  workflow: string;
  outputPrefix: string;
}

export interface TestPlan {
  version: 1;
  project: string;
  trigger: string;
  family: ModelFamily;
  familySource: string;
  models: Record<string, string>;
  loraFolder: string;
  checkpoints: Array<PlanCheckpoint & { loraName: string }>;
  strengths: number[];
  prompts: string[];
  negative: string;
  seeds: number[];
  sampler: { steps: number; cfg: number; guidance?: number; sampler: string; scheduler: string; width: number; height: number };
  assumptions: string[];
  checklist: Array<{ id: string; label: string; question: string }>;
  runs: PlanRun[];
}

export function buildPlan(o: PlanOptions): { plan: TestPlan; workflows: Map<string, ComfyGraph> } {
  const template = familyTemplate(o.model.family);
  const strengths = o.strengths ?? DEFAULT_STRENGTHS;
  const seeds = Array.from({ length: o.seeds ?? DEFAULT_SEEDS }, (_, i) => FIRST_SEED + i);
  const prompts = GUIDE_TEST_PROMPTS.map((p) => p.replaceAll('[trigger]', o.trigger));
  const loraFolder = o.loraFolder ?? o.projectName;
  const s = o.model.sample;
  const negative = s.neg && s.neg.trim() ? s.neg : GUIDE_NEGATIVE;
  const sampler = {
    steps: s.steps ?? template.steps,
    // A family sampled at cfg 1 (guidance-distilled) keeps cfg 1; the config's guidance_scale is FLUX guidance.
    cfg: template.cfg === 1 ? 1 : (s.guidance ?? template.cfg),
    guidance: template.guidance !== undefined ? (s.guidance ?? template.guidance) : undefined,
    sampler: template.sampler,
    scheduler: template.scheduler,
    width: s.width ?? 1024,
    height: s.height ?? 1024,
  };
  const workflows = new Map<string, ComfyGraph>();
  const runs: PlanRun[] = [];
  // Checkpoint outermost: ComfyUI keeps the loaded LoRA cached while lora_name stays the same (peers §D).
  for (const c of o.checkpoints) {
    const tag = stepTag(c.step);
    for (const strength of strengths) {
      for (let pi = 0; pi < prompts.length; pi++) {
        for (const seed of seeds) {
          const name = `s${strength.toFixed(2)}_p${pi + 1}_seed${seed}`;
          const rel = `workflows/step_${tag}/${name}.json`;
          const outputPrefix = `lorapilot/${o.projectName}/step_${tag}/${name}`;
          workflows.set(
            rel,
            buildWorkflow({
              template,
              loader: o.loader ?? 'auto',
              base: o.base,
              loraName: `${loraFolder}/${c.file}`,
              strength,
              prompt: prompts[pi],
              negative,
              seed,
              width: sampler.width,
              height: sampler.height,
              steps: sampler.steps,
              cfg: sampler.cfg,
              guidance: sampler.guidance,
              filenamePrefix: outputPrefix,
            }),
          );
          runs.push({ step: c.step, strength, prompt: pi + 1, seed, workflow: rel, outputPrefix });
        }
      }
    }
  }
  const models = o.loader === 'checkpoint' ? { checkpoint: o.base ?? 'flux1-dev-fp8.safetensors' } : { ...template.models, ...(o.base ? { [('checkpoint' in template.models ? 'checkpoint' : 'unet')]: o.base } : {}) };
  const plan: TestPlan = {
    version: 1,
    project: o.projectName,
    trigger: o.trigger,
    family: template.family,
    familySource: o.model.source,
    models,
    loraFolder,
    checkpoints: o.checkpoints.map((c) => ({ ...c, loraName: `${loraFolder}/${c.file}` })),
    strengths,
    prompts,
    negative: template.usesNegative ? negative : '',
    seeds,
    sampler,
    assumptions: [
      `Base model family: ${template.label}, read from ${o.model.source}.`,
      ...template.notes,
      `The LoRA files are expected in ComfyUI/models/loras/${loraFolder}/ (ComfyUI searches that folder recursively).`,
      'LoraLoader applies the same strength to model and text encoder; ai-toolkit trains the model only by default, so strength_clip usually changes nothing.',
      `Seeds ${seeds[0]}…${seeds[seeds.length - 1]} are the same for every checkpoint and strength, so images compare like for like.`,
    ],
    checklist: CRITERIA.map((c) => ({ id: c.id, label: c.label, question: c.question })),
    runs,
  };
  return { plan, workflows };
}

/** Write plan.json, every workflow, the checklist and a small queue script into `dir` (replacing an older plan). */
export async function writePlan(dir: string, plan: TestPlan, workflows: Map<string, ComfyGraph>): Promise<{ files: number }> {
  await rm(join(dir, 'workflows'), { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const folders = new Set([...workflows.keys()].map((k) => k.slice(0, k.lastIndexOf('/'))));
  for (const f of folders) await mkdir(join(dir, f), { recursive: true });
  for (const [rel, graph] of workflows) await writeFile(join(dir, rel), JSON.stringify(graph, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'plan.json'), JSON.stringify(plan, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'checklist.md'), checklistMarkdown(plan));
  await writeFileAtomic(join(dir, 'queue.py'), QUEUE_SCRIPT);
  return { files: workflows.size + 3 };
}

export function checklistMarkdown(plan: TestPlan): string {
  const lines = [
    `# Checkpoint test checklist — ${plan.project}`,
    '',
    `${plan.runs.length} images: ${plan.checkpoints.length} checkpoint(s) × strengths ${plan.strengths.join(', ')} × ${plan.prompts.length} prompts × ${plan.seeds.length} seeds.`,
    '',
    '## Before queueing',
    '',
    ...plan.assumptions.map((a) => `- ${a}`),
    `- Base model files: ${Object.values(plan.models).join(', ')}.`,
    '- Queue everything: `python3 queue.py [http://127.0.0.1:8188]`, or drag one workflow into ComfyUI.',
    '',
    '## Prompts',
    '',
    ...plan.prompts.map((p, i) => `${i + 1}. ${p}`),
    '',
    '## Score each checkpoint 1–5',
    '',
    ...plan.checklist.map((c) => `- **${c.label}** (\`${c.id}\`): ${c.question}`),
    '',
    'Score on the Checkpoints screen (`s`), or: `lorapilot checkpoints score STEP CRITERION N`.',
    '',
    `| step | ${plan.checklist.map((c) => c.label).join(' | ')} | sweet-spot strength | notes |`,
    `|---|${plan.checklist.map(() => '---|').join('')}---|---|`,
    ...plan.checkpoints.map((c) => `| ${c.step} | ${plan.checklist.map(() => ' ').join(' | ')} |  |  |`),
    '',
  ];
  return lines.join('\n');
}

const QUEUE_SCRIPT = `#!/usr/bin/env python3
"""Queue every workflow of this test plan on a ComfyUI server (POST /prompt), checkpoint by checkpoint.

Usage: python3 queue.py [COMFY_URL]   (default http://127.0.0.1:8188)
Written by lorapilot; standard library only.
"""
import json
import sys
import urllib.request
import uuid
from pathlib import Path

here = Path(__file__).resolve().parent
url = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8188").rstrip("/")
plan = json.loads((here / "plan.json").read_text())
client = str(uuid.uuid4())
for i, run in enumerate(plan["runs"], 1):
    graph = json.loads((here / run["workflow"]).read_text())
    body = json.dumps({"prompt": graph, "client_id": client}).encode()
    req = urllib.request.Request(url + "/prompt", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            reply = json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        print(f"{run['workflow']}: ComfyUI refused it: {e.read().decode(errors='replace')[:500]}", file=sys.stderr)
        sys.exit(1)
    except OSError as e:
        print(f"cannot reach ComfyUI at {url}: {e}", file=sys.stderr)
        sys.exit(1)
    print(f"[{i}/{len(plan['runs'])}] step {run['step']} strength {run['strength']} prompt {run['prompt']} seed {run['seed']} -> {reply.get('prompt_id', '?')}")
`;
