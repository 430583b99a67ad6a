import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelChain, validateGraph, type ComfyGraph } from '../../../src/checkpoints/comfy-graph.js';
import { buildPlan, DEFAULT_STRENGTHS } from '../../../src/checkpoints/comfy-plan.js';
import { writePlan } from '../../../src/checkpoints/comfy-plan-files.js';
import { familyFrom, trainedModel, type ModelFamily } from '../../../src/checkpoints/model-family.js';
import { tempDir } from '../../helpers/tmp.js';

const FAMILIES: ModelFamily[] = ['flux1-dev', 'flux1-schnell', 'qwen-image', 'zimage-turbo', 'zimage', 'sdxl', 'sd15', 'other'];

function plan(family: ModelFamily, extra: Partial<Parameters<typeof buildPlan>[0]> = {}) {
  return buildPlan({
    projectName: 'maya',
    trigger: 'maya_char',
    model: { family, source: 'test', sample: {} },
    checkpoints: [
      { step: 1250, file: 'maya_000001250.safetensors' },
      { step: 3000, file: 'maya.safetensors' },
    ],
    seeds: 2,
    ...extra,
  });
}

describe('ComfyUI test plan', () => {
  it('covers checkpoints × strengths 0.6–1.0 × the five guide prompts × seeds, checkpoint outermost', () => {
    const { plan: p, workflows } = plan('flux1-dev');
    expect(p.strengths).toEqual([0.6, 0.7, 0.8, 0.9, 1.0]);
    expect(p.runs).toHaveLength(2 * 5 * 5 * 2);
    expect(workflows.size).toBe(p.runs.length);
    expect(p.prompts[0]).toBe('maya_char, portrait, smiling, soft lighting');
    expect(p.prompts.every((x) => x.startsWith('maya_char, ') && !x.includes('[trigger]'))).toBe(true);
    const firstSecond = p.runs.findIndex((r) => r.step === 3000);
    expect(p.runs.slice(0, firstSecond).every((r) => r.step === 1250)).toBe(true);
    expect(new Set(p.runs.map((r) => r.workflow)).size).toBe(p.runs.length);
  });

  it.each(FAMILIES)('writes valid graphs for %s: every link points at an existing node output of the right type', (family) => {
    const { workflows } = plan(family);
    for (const [name, g] of workflows) expect(validateGraph(g), name).toEqual([]);
  });

  it('puts LoraLoader between the model loader and the sampler, and feeds the prompts through its CLIP', () => {
    for (const family of FAMILIES) {
      const g = [...plan(family).workflows.values()][7];
      const samplerId = Object.keys(g).find((id) => g[id].class_type === 'KSampler')!;
      const chain = modelChain(g, samplerId);
      expect(chain, family).toContain('LoraLoader');
      expect(['CheckpointLoaderSimple', 'UNETLoader']).toContain(chain.at(-1));
      const lora = Object.entries(g).find(([, n]) => n.class_type === 'LoraLoader')!;
      for (const n of Object.values(g).filter((n) => n.class_type === 'CLIPTextEncode')) expect(n.inputs.clip).toEqual([lora[0], 1]);
      expect(lora[1].inputs.lora_name).toMatch(/^maya\/maya(_\d{9})?\.safetensors$/);
    }
  });

  it('patches strength, seed and prompt per run', () => {
    const { plan: p, workflows } = plan('sdxl');
    for (const run of p.runs) {
      const g = workflows.get(run.workflow)!;
      const lora = Object.values(g).find((n) => n.class_type === 'LoraLoader')!;
      expect(lora.inputs.strength_model).toBe(run.strength);
      expect(lora.inputs.strength_clip).toBe(run.strength);
      expect(Object.values(g).find((n) => n.class_type === 'KSampler')!.inputs.seed).toBe(run.seed);
      expect(Object.values(g).some((n) => n.class_type === 'CLIPTextEncode' && n.inputs.text === p.prompts[run.prompt - 1])).toBe(true);
    }
  });

  it('uses FLUX loaders and guidance for FLUX.1-dev, and the all-in-one loader on request', () => {
    const split = [...plan('flux1-dev').workflows.values()][0];
    const classes = Object.values(split).map((n) => n.class_type);
    expect(classes).toEqual(expect.arrayContaining(['UNETLoader', 'DualCLIPLoader', 'VAELoader', 'FluxGuidance', 'EmptySD3LatentImage']));
    expect(Object.values(split).find((n) => n.class_type === 'KSampler')!.inputs.cfg).toBe(1);
    expect(Object.values(split).find((n) => n.class_type === 'DualCLIPLoader')!.inputs.type).toBe('flux');
    const aio = [...plan('flux1-dev', { loader: 'checkpoint', base: 'flux1-dev-fp8.safetensors' }).workflows.values()][0];
    expect(Object.values(aio).find((n) => n.class_type === 'CheckpointLoaderSimple')!.inputs.ckpt_name).toBe('flux1-dev-fp8.safetensors');
    expect(validateGraph(aio)).toEqual([]);
  });

  it('catches broken graphs', () => {
    const g: ComfyGraph = JSON.parse(JSON.stringify([...plan('sdxl').workflows.values()][0]));
    g['40'].inputs.model = ['99', 0];
    g['50'].inputs.vae = ['1', 0];
    g['10'].inputs.clip = ['1', 5];
    const problems = validateGraph(g);
    expect(problems.join('\n')).toMatch(/missing node 99/);
    expect(problems.join('\n')).toMatch(/vae takes VAE but gets MODEL/);
    expect(problems.join('\n')).toMatch(/output 5 of CheckpointLoaderSimple/);
  });

  it('writes the plan folder: plan.json, one JSON per workflow, a checklist and a queue script', async () => {
    const dir = await tempDir();
    const { plan: p, workflows } = plan('qwen-image');
    await writePlan(join(dir, 'comfy-plan'), p, workflows);
    const saved = JSON.parse(await readFile(join(dir, 'comfy-plan', 'plan.json'), 'utf8'));
    expect(saved.runs).toHaveLength(p.runs.length);
    expect((await readdir(join(dir, 'comfy-plan', 'workflows', 'step_000001250'))).length).toBe(50);
    const one = JSON.parse(await readFile(join(dir, 'comfy-plan', p.runs[0].workflow), 'utf8'));
    expect(validateGraph(one)).toEqual([]);
    const md = await readFile(join(dir, 'comfy-plan', 'checklist.md'), 'utf8');
    expect(md).toContain('Face consistency');
    expect(md).toContain('| 1250 |');
    expect(await readFile(join(dir, 'comfy-plan', 'queue.py'), 'utf8')).toContain('/prompt');
    expect(DEFAULT_STRENGTHS).toHaveLength(5);
  });

  it('reads the model family and sample settings from the written ai-toolkit config', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'ai-toolkit.yaml'),
      'job: extension\nconfig:\n  name: maya\n  process:\n    - type: sd_trainer\n      model:\n        arch: qwen_image\n        name_or_path: Qwen/Qwen-Image\n      sample:\n        guidance_scale: 3\n        sample_steps: 25\n        neg: ""\n',
    );
    const m = await trainedModel(dir, 'ai-toolkit.yaml', undefined);
    expect(m.family).toBe('qwen-image');
    expect(m.sample).toMatchObject({ guidance: 3, steps: 25 });
    const { plan: p } = buildPlan({ projectName: 'maya', trigger: 't', model: m, checkpoints: [{ step: 1, file: 'maya_000000001.safetensors' }] });
    expect(p.sampler).toMatchObject({ cfg: 3, steps: 25 });
    expect(p.negative).toBe('low quality, blurry, artifacts, deformed');
    expect((await trainedModel(dir, 'missing.yaml', 'flux-dev')).family).toBe('flux1-dev');
    expect(familyFrom('flux', 'black-forest-labs/FLUX.1-schnell', undefined, undefined)).toBe('flux1-schnell');
    expect(familyFrom('zimage', 'Tongyi-MAI/Z-Image-Turbo', undefined, undefined)).toBe('zimage-turbo');
    expect(familyFrom('zimage', 'ostris/Z-Image-De-Turbo', undefined, undefined)).toBe('zimage');
    expect(familyFrom('flux2', 'black-forest-labs/FLUX.2-dev', undefined, undefined)).toBe('other');
    expect(familyFrom('sdxl', undefined, undefined, undefined)).toBe('sdxl');
  });
});
