import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { buildSafetensors } from '../../../src/ai-toolkit/safetensors.js';
import { checkpointFileName, sampleFileName } from '../../../src/ai-toolkit/names.js';

/**
 * A job output folder as ai-toolkit leaves it (reference/ai-toolkit.md §2): real safetensors files
 * with `training_info` in their metadata, and real JPEG samples under the exact file names.
 */
export interface JobFixture {
  folder: string;
  name: string;
  steps: number[];
  finalStep: number | null;
}

export async function makeJobOutput(
  root: string,
  opts: { name?: string; steps?: number[]; finalStep?: number | null; prompts?: number; tensorBytes?: number; stepsPerEpoch?: number; sampleSteps?: number[]; imageSize?: number } = {},
): Promise<JobFixture> {
  const name = opts.name ?? 'maya_v1';
  const steps = opts.steps ?? [250, 500, 750];
  const finalStep = opts.finalStep === undefined ? 1000 : opts.finalStep;
  const prompts = opts.prompts ?? 3;
  const spe = opts.stepsPerEpoch ?? 200;
  const folder = join(root, 'output', name);
  await mkdir(join(folder, 'samples'), { recursive: true });
  const all: Array<{ step: number; final: boolean }> = steps.map((s) => ({ step: s, final: false }));
  if (finalStep !== null) all.push({ step: finalStep, final: true });
  for (const { step, final } of all) {
    const bytes = checkpointBytes(step, Math.floor((step + 1) / spe), opts.tensorBytes ?? 4096);
    await writeFile(join(folder, checkpointFileName(name, final ? null : step)), bytes);
  }
  const sampleSteps = opts.sampleSteps ?? [0, ...steps, ...(finalStep !== null ? [finalStep] : [])];
  let t = 1_724_085_406_830;
  for (const step of sampleSteps) {
    for (let i = 0; i < prompts; i++) {
      t += 1234;
      await writeFile(join(folder, 'samples', sampleFileName(t, step, i)), await sampleJpeg(step, i, opts.imageSize ?? 64));
    }
  }
  await writeFile(join(folder, 'optimizer.pt'), Buffer.alloc(128, 1));
  // ai-toolkit's copy of the config, with the sample prompts (reference §2).
  const promptList = Array.from({ length: prompts }, (_, i) => `        - "maya_char, test prompt ${i + 1}"`).join('\n');
  await writeFile(join(folder, 'config.yaml'), `job: extension\nconfig:\n  name: ${name}\n  process:\n    - type: sd_trainer\n      sample:\n        prompts:\n${promptList}\n`);
  return { folder, name, steps, finalStep };
}

/** A small LoRA-shaped safetensors file: metadata as ai-toolkit writes it, plus deterministic tensor bytes. */
export function checkpointBytes(step: number, epoch: number, tensorBytes = 4096): Buffer {
  const data = Buffer.alloc(tensorBytes);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + step * 7) & 0xff;
  const half = Math.floor(tensorBytes / 4) * 2;
  return buildSafetensors(
    {
      training_info: JSON.stringify({ step, epoch }),
      ss_output_name: 'maya_v1',
      software: JSON.stringify({ name: 'ai-toolkit', repo: 'https://github.com/ostris/ai-toolkit', version: '0.12.26' }),
      format: 'pt',
    },
    {
      'transformer.single_transformer_blocks.0.attn.to_q.lora_A.weight': { dtype: 'F16', shape: [half / 2], data: data.subarray(0, half) },
      'transformer.single_transformer_blocks.0.attn.to_q.lora_B.weight': { dtype: 'F16', shape: [Math.floor((tensorBytes - half) / 2)], data: data.subarray(half) },
    },
  );
}

/** A real JPEG whose colour depends on the step and prompt, so previews differ visibly. */
export async function sampleJpeg(step: number, index: number, size = 64): Promise<Buffer> {
  return sharp({
    create: { width: size, height: size, channels: 3, background: { r: (step * 37) % 256, g: (index * 90) % 256, b: 128 } },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
}
