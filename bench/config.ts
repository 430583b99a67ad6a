/**
 * Config benchmarks: lint of a 1,000-line config (target < 100 ms) and build for a 10,000-image
 * dataset (target < 1 s). Run: node --import tsx bench/config.ts
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildConfig } from '../src/config/builder.js';
import { resolveChoices } from '../src/config/choices.js';
import { lintConfigText } from '../src/config/lint.js';
import { scanDataset } from '../src/dataset/scan.js';
import { runIfMain } from './_main.js';

function bigConfig(targetLines: number): string {
  const head = `job: extension
config:
  name: bench
  process:
    - type: sd_trainer
      training_folder: /workspace/lorapilot/bench/output
      trigger_word: ohwx
      network: {type: lora, linear: 16, linear_alpha: 16}
      save: {dtype: bf16, save_every: 250, max_step_saves_to_keep: 12}
      train: {batch_size: 1, steps: 3000, lr: 0.0001, optimizer: adamw8bit, dtype: bf16}
      model: {name_or_path: black-forest-labs/FLUX.1-dev, arch: flux, quantize: true}
      logging: {use_ui_logger: true, log_every: 1}
      sample:
        sampler: flowmatch
        sample_every: 250
        samples:
`;
  const lines = head.split('\n');
  const out = [head.trimEnd()];
  let n = lines.length;
  let i = 0;
  while (n < targetLines / 2) {
    out.push(`          - prompt: "ohwx, prompt number ${i++}, soft lighting" # comment`);
    n++;
  }
  out.push('      datasets:');
  let d = 0;
  while (n < targetLines) {
    out.push(
      `        - folder_path: /workspace/lorapilot/bench/dataset/${d + 1}_folder_${d}`,
      '          caption_ext: txt',
      `          num_repeats: ${d + 1}`,
      '          resolution: [512, 768, 1024]',
      '          caption_dropout_rate: 0.05',
      '          flip: true',
    );
    n += 6;
    d++;
  }
  return out.join('\n') + '\n';
}

/** Wall time and CPU time per run: on a shared machine the CPU figure is the steadier one. */
function time<T>(fn: () => T, runs: number): { ms: number; cpuMs: number; value: T } {
  let value = fn(); // warm-up
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) value = fn();
  const cpu = process.cpuUsage(c0);
  return { ms: (performance.now() - t0) / runs, cpuMs: (cpu.user + cpu.system) / 1000 / runs, value };
}

export async function main(): Promise<void> {
  const text = bigConfig(1000);
  const lineCount = text.split('\n').length - 1;
  const lint = time(() => lintConfigText('bench.yaml', text, { target: 'runpod' }), 20);
  console.log(`config lint: ${lineCount}-line config, ${lint.value.findings.length} findings: ${lint.ms.toFixed(1)} ms per lint, ${lint.cpuMs.toFixed(1)} ms CPU (target < 100 ms)`);

  const folders = Array.from({ length: 10 }, (_, i) => ({
    rel: `${10 + i}_folder_${i}`, name: `${10 + i}_folder_${i}`, repeats: 10 + i, label: `folder_${i}`, kind: 'character' as const, imageCount: 1000, captionCount: 1000,
  }));
  const project = { name: 'bench', trigger: 'ohwx' };
  const pure = time(() => buildConfig({ project, folders, choices: resolveChoices({ preset: 'qwen-image', resolution: [512, 768, 1024], epochs: 10 }) }), 50);
  console.log(`config build (pure): 10,000 images in 10 folders: ${pure.ms.toFixed(2)} ms, ${pure.cpuMs.toFixed(2)} ms CPU (target < 1 s)`);

  const root = await mkdtemp(join(tmpdir(), 'lorapilot-bench-'));
  try {
    for (const f of folders) {
      await mkdir(join(root, f.rel));
      await Promise.all(Array.from({ length: 1000 }, (_, i) => Promise.all([
        writeFile(join(root, f.rel, `img${i}.jpg`), ''),
        writeFile(join(root, f.rel, `img${i}.txt`), 'ohwx, portrait'),
      ])));
    }
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const scan = await scanDataset(root);
    const built = buildConfig({ project, folders: scan.folders, choices: resolveChoices({ preset: 'qwen-image', epochs: 10 }) });
    const check = lintConfigText('ai-toolkit.yaml', built.yaml, { target: 'runpod', datasetImages: new Map(scan.folders.map((f) => [f.rel, f.imageCount])) });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    console.log(`config build (scan + build + lint): ${scan.images.length.toLocaleString('en-US')} images on disk: ${ms.toFixed(0)} ms, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU, ${check.findings.length} findings (target < 1 s)`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
