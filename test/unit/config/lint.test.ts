import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintConfigText, type ConfigFinding } from '../../../src/config/lint.js';

const FIX = join(__dirname, '..', '..', 'fixtures', 'configs');
const read = (name: string) => readFileSync(join(FIX, name), 'utf8');
const rules = (fs: ConfigFinding[]) => fs.map((f) => f.rule);
const find = (fs: ConfigFinding[], rule: string, path?: string) => fs.find((f) => f.rule === rule && (path === undefined || f.path === path));

/** A small valid config to mutate in tests. */
function base(extra: { process?: string; train?: string; model?: string; sample?: string; top?: string; dataset?: string; name?: string } = {}): string {
  return `job: extension
config:
  name: ${extra.name ?? 'maya'}
  process:
    - type: sd_trainer
      training_folder: /workspace/lorapilot/maya/output
      trigger_word: maya_char
${extra.process ?? ''}      network:
        type: lora
        linear: 16
        linear_alpha: 16
      save:
        dtype: bf16
        save_every: 250
        max_step_saves_to_keep: 8
      datasets:
        - folder_path: /workspace/lorapilot/maya/dataset/40_maya_char
          caption_ext: txt
          num_repeats: 40
          resolution: [1024]
${extra.dataset ?? ''}      train:
        batch_size: 1
        steps: 2000
        lr: 0.0001
        optimizer: adamw8bit
        dtype: bf16
${extra.train ?? ''}      model:
        name_or_path: black-forest-labs/FLUX.1-dev
        arch: flux
        quantize: true
${extra.model ?? ''}      sample:
        sampler: flowmatch
        sample_every: 250
        samples:
          - prompt: maya_char, portrait, smiling
${extra.sample ?? ''}      logging:
        use_ui_logger: true
        log_every: 1
${extra.top ?? ''}`;
}

describe('the guide’s template (reference §3.9)', () => {
  const r = lintConfigText('train_character.yaml', read('guide-template.yaml'), {
    target: 'runpod',
    datasetImages: new Map([['40_maya_char', 70], ['20_maya_char_realbody', 30]]),
  });
  const f = r.findings;

  it('flags quantize_dtype as a silently ignored key, at its line and column, with quantize + qtype as the fix', () => {
    const q = find(f, 'config.unknown-key', 'config.process.0.model.quantize_dtype')!;
    expect(q).toMatchObject({ severity: 'error', line: 59, column: 9 });
    expect(q.fix).toMatch(/quantize: true.*qtype/);
  });

  it('flags the legacy gradient_accumulation_steps and the relative training_folder; device cuda:0 is the GPU it trains on anyway', () => {
    expect(find(f, 'train.grad-accum-legacy')).toMatchObject({ severity: 'warning', line: 40 });
    expect(find(f, 'process.device')).toBeUndefined();
    expect(find(f, 'path.outside-workspace', 'config.process.0.training_folder')).toMatchObject({ severity: 'error', line: 6 });
  });

  it('flags the kohya folders without num_repeats and the duplicated resolution', () => {
    const kohya = f.filter((x) => x.rule === 'dataset.kohya-prefix');
    expect(kohya.map((k) => k.line)).toEqual([23, 30]);
    expect(kohya[0].fix).toBe('add num_repeats: 40');
    expect(kohya[1].fix).toBe('add num_repeats: 20');
    expect(f.filter((x) => x.rule === 'dataset.resolution-duplicate')).toHaveLength(2);
  });

  it('flags the missing arch (SD 1.x fallback), the placeholder model and schedulers that depend on the arch', () => {
    expect(find(f, 'model.arch-missing')?.severity).toBe('error');
    expect(find(f, 'model.placeholder')?.line).toBe(57);
    expect(find(f, 'model.scheduler-depends-on-arch')).toBeDefined();
  });

  it('notes the EMA decay, the fp16 save dtype and the missing loss database', () => {
    expect(find(f, 'train.ema-decay')?.severity).toBe('info');
    expect(find(f, 'save.dtype-fp16')?.severity).toBe('info');
    expect(find(f, 'logging.no-loss-db')?.severity).toBe('info');
  });

  it('shows both readings of the step math against the real dataset', () => {
    const s = find(f, 'train.steps-readings')!;
    expect(s.message).toContain('one epoch is 200 steps');
    expect(s.message).toContain('one epoch is 6,800 steps');
    expect(r.math).toMatchObject({ stepsPerEpoch: 200, totalSteps: 3400, epochs: 17 });
  });

  it('accepts what is real: neg under sample, train_unet, caption_dropout_rate, shuffle_tokens, cache_latents_to_disk', () => {
    const unknown = f.filter((x) => x.rule === 'config.unknown-key').map((x) => x.path);
    expect(unknown).toEqual(['config.process.0.model.quantize_dtype']);
  });
});

describe('configs in the shape of ai-toolkit’s examples', () => {
  it('FLUX.1-dev 24 GB: no errors locally; notes the legacy is_flux flag and the deleted early checkpoints', () => {
    const r = lintConfigText('flux.yaml', read('flux-24gb-example-shape.yaml'), { target: 'local' });
    expect(r.findings.filter((x) => x.severity === 'error')).toEqual([]);
    expect(rules(r.findings)).toEqual(expect.arrayContaining(['model.arch-legacy-flag', 'save.keep-too-low', 'logging.no-loss-db']));
    expect(rules(r.findings)).not.toContain('model.scheduler-depends-on-arch');
    expect(find(r.findings, 'save.keep-too-low')!.message).toContain('250, 500, 750');
  });

  it('FLUX.1-dev example on RunPod: the relative output and placeholder dataset path are lost on pod stop', () => {
    const r = lintConfigText('flux.yaml', read('flux-24gb-example-shape.yaml'), { target: 'runpod' });
    expect(r.findings.filter((x) => x.rule === 'path.outside-workspace')).toHaveLength(2);
  });

  it('Qwen-Image 24 GB: accepts the uint3 accuracy-recovery qtype, notes the ignored scheduler and sampler', () => {
    const r = lintConfigText('qwen.yaml', read('qwen-image-24gb-example-shape.yaml'), { target: 'runpod' });
    expect(rules(r.findings).sort()).toEqual(['sample.sampler-ignored', 'train.noise-scheduler-ignored']);
  });

  it('the UI’s .job_config.json: JSON positions, zimage:turbo accepted, the two keys no trainer reads flagged', () => {
    const r = lintConfigText('.job_config.json', read('ui-job-config.json'), { target: 'runpod' });
    expect(r.format).toBe('json');
    expect(r.findings.filter((x) => x.severity !== 'info').map((x) => `${x.rule} ${x.path}`).sort()).toEqual([
      'config.unknown-key config.process.0.monitoring',
      'config.unknown-key config.process.0.train.auto_scale_batch_size',
    ]);
    const monitoring = find(r.findings, 'config.unknown-key', 'config.process.0.monitoring')!;
    expect(monitoring).toMatchObject({ line: 125, column: 9 });
  });

  it('locates a misspelled key in JSON', () => {
    const text = read('ui-job-config.json').replace('"low_vram": true', '"low_vram": true, "quantize_dtype": "int8"');
    const r = lintConfigText('.job_config.json', text);
    const q = r.findings.find((x) => x.path.endsWith('quantize_dtype'))!;
    const line = text.split('\n').findIndex((l) => l.includes('quantize_dtype')) + 1;
    expect(q.line).toBe(line);
    expect(text.split('\n')[line - 1].slice(q.column - 1)).toMatch(/^"quantize_dtype"/);
  });
});

describe('rules', () => {
  it('a clean config has no findings', () => {
    expect(lintConfigText('c.yaml', base(), { target: 'runpod' }).findings).toEqual([]);
  });

  it.each([
    ['flip', 'dataset', '          flip: true\n', 'flip_x'],
    ['ext', 'sample', '        ext: png\n', 'sample.format'],
    ['epochs', 'train', '        epochs: 10\n', 'train.steps'],
    ['max_train_steps', 'train', '        max_train_steps: 3000\n', 'train.steps'],
    ['lr_warmup_steps', 'train', '        lr_warmup_steps: 100\n', 'num_warmup_steps'],
    ['seed', 'train', '        seed: 42\n', 'training_seed'],
    ['quantize_dtype', 'model', '        quantize_dtype: int8\n', 'model.quantize + model.qtype'],
    ['linera_alpha', 'model', '        linera_alpha: 16\n', 'linear_alpha'],
    ['guidance_scal', 'sample', '        guidance_scal: 4\n', 'guidance_scale'],
  ] as const)('%s is reported with what to write instead', (key, where, line, instead) => {
    const r = lintConfigText('c.yaml', base({ [where]: line }));
    const f = find(r.findings, 'config.unknown-key')!;
    expect(f.path.endsWith(key)).toBe(true);
    expect(f.severity).toBe('error');
    expect(`${f.message} ${f.fix} ${String(f.data?.suggestion)}`).toContain(instead);
  });

  it('network_alpha in the network block points at linear_alpha', () => {
    const r = lintConfigText('c.yaml', base().replace('        linear_alpha: 16\n', '        network_alpha: 16\n'));
    expect(find(r.findings, 'config.unknown-key')!.message).toContain('linear_alpha');
    expect(find(r.findings, 'network.alpha-default')?.severity).toBe('error');
  });

  it('default traps: lr missing or 1e-6, dtype missing or fp32', () => {
    expect(rules(lintConfigText('c.yaml', base().replace('        lr: 0.0001\n', '')).findings)).toContain('train.lr-default');
    expect(rules(lintConfigText('c.yaml', base().replace('lr: 0.0001', 'lr: 0.000001')).findings)).toContain('train.lr-default');
    expect(rules(lintConfigText('c.yaml', base().replace(/(optimizer: adamw8bit\n)        dtype: bf16\n/, '$1')).findings)).toContain('train.dtype-default');
    expect(rules(lintConfigText('c.yaml', base().replace(/(optimizer: adamw8bit\n        )dtype: bf16/, '$1dtype: fp32')).findings)).toContain('train.dtype-default');
  });

  it('no steps means 1,000 steps', () => {
    expect(rules(lintConfigText('c.yaml', base().replace('        steps: 2000\n', '')).findings)).toContain('train.steps-default');
  });

  it('a quoted number is a string to ai-toolkit', () => {
    const r = lintConfigText('c.yaml', base().replace('lr: 0.0001', 'lr: "1e-4"'));
    expect(find(r.findings, 'config.type')!.fix).toContain('remove the quotes');
  });

  it('unknown values get a did-you-mean: optimizer, arch (SD 1.x fallback), qtype, timestep type', () => {
    expect(find(lintConfigText('c.yaml', base().replace('adamw8bit', 'adamw8bt')).findings, 'config.value')!.fix).toContain('adamw8bit');
    const arch = find(lintConfigText('c.yaml', base().replace('arch: flux', 'arch: qwen-image')).findings, 'model.arch-unknown')!;
    expect(arch.message).toContain('Stable Diffusion 1.x');
    expect(arch.fix).toContain('qwen_image');
    expect(find(lintConfigText('c.yaml', base({ model: '        qtype: "uint9|ostris/x/y.safetensors"\n' })).findings, 'config.value')).toBeDefined();
    expect(lintConfigText('c.yaml', base({ model: '        qtype: "uint4|ostris/accuracy_recovery_adapters/wan22_14b_t2i_torchao_uint4.safetensors"\n' })).findings).toEqual([]);
    expect(find(lintConfigText('c.yaml', base({ train: '        timestep_type: weigthed\n' })).findings, 'config.value')!.fix).toContain('weighted');
  });

  it('settings that do nothing for the model', () => {
    const qwen = base().replace('arch: flux', 'arch: qwen_image').replace('black-forest-labs/FLUX.1-dev', 'Qwen/Qwen-Image');
    const r = lintConfigText('c.yaml', qwen.replace('        optimizer: adamw8bit\n', '        optimizer: adamw8bit\n        noise_scheduler: flowmatch\n'));
    expect(rules(r.findings)).toEqual(expect.arrayContaining(['train.noise-scheduler-ignored', 'sample.sampler-ignored']));
    const neg = lintConfigText('c.yaml', base({ sample: '        neg: "blurry"\n' }));
    expect(find(neg.findings, 'sample.neg-unused')?.message).toContain('FLUX.1-dev');
  });

  it('ui_trainer outside the UI, glob characters in the name, push_to_hub without a repo', () => {
    expect(find(lintConfigText('c.yaml', base().replace('type: sd_trainer', 'type: ui_trainer')).findings, 'process.ui-trainer')?.severity).toBe('error');
    expect(find(lintConfigText('c.yaml', base({ name: '"maya[v2]"' })).findings, 'name.glob')).toMatchObject({ severity: 'error', line: 3 });
    const hub = lintConfigText('c.yaml', base().replace('        max_step_saves_to_keep: 8\n', '        max_step_saves_to_keep: 8\n        push_to_hub: true\n'));
    expect(rules(hub.findings)).toEqual(expect.arrayContaining(['save.push-to-hub', 'save.hf-repo']));
    expect(find(hub.findings, 'save.push-to-hub')!.message).toContain('HF_TOKEN');
  });

  it('a dollar-brace inside a prompt breaks the load; one elsewhere needs the variable', () => {
    const r = lintConfigText('c.yaml', base().replace('maya_char, portrait, smiling', 'maya_char, price ${PRICE}'));
    expect(find(r.findings, 'prompt.env-var')).toMatchObject({ severity: 'error', line: 35, column: 21 });
    expect(find(r.findings, 'config.env-var')).toBeUndefined();
    const elsewhere = lintConfigText('c.yaml', base().replace('/workspace/lorapilot/maya/output', '${OUT_DIR}/output'));
    expect(find(elsewhere.findings, 'config.env-var')).toMatchObject({ severity: 'warning', line: 6, column: 24 });
  });

  it('never lets a token sit in the file', () => {
    const r = lintConfigText('c.yaml', base({ top: 'meta:\n  token: hf_abcdefghijklmnopqrstuvwxyz0123456789\n' }));
    expect(find(r.findings, 'config.secret')?.severity).toBe('error');
  });

  it('step math: save_every past the end, samples not paired, too few kept for the epochs to test', () => {
    expect(rules(lintConfigText('c.yaml', base().replace('save_every: 250', 'save_every: 5000')).findings)).toContain('save.after-end');
    expect(rules(lintConfigText('c.yaml', base().replace('sample_every: 250', 'sample_every: 300')).findings)).toContain('sample.unpaired');
    // 10 images × 40 repeats = 400 steps per epoch; 4,000 steps = 10 epochs saved every epoch → 9 saves; keep 3.
    const r = lintConfigText('c.yaml', base().replace('steps: 2000', 'steps: 4000').replace('save_every: 250', 'save_every: 400').replace('sample_every: 250', 'sample_every: 400').replace('max_step_saves_to_keep: 8', 'max_step_saves_to_keep: 3'), {
      datasetImages: new Map([['40_maya_char', 10]]),
    });
    expect(rules(r.findings)).toEqual(expect.arrayContaining(['save.keep-too-low', 'save.keep-epochs']));
    expect(r.math).toMatchObject({ stepsPerEpoch: 400, epochs: 10 });
  });

  it('both accumulation keys together stop ai-toolkit', () => {
    const r = lintConfigText('c.yaml', base({ train: '        gradient_accumulation: 2\n        gradient_accumulation_steps: 4\n' }));
    expect(find(r.findings, 'train.grad-accum-both')?.severity).toBe('error');
  });

  it('syntax errors and non-mappings are findings with positions, not crashes', () => {
    const r = lintConfigText('c.yaml', 'job: extension\nconfig:\n  name: [oops\n');
    expect(r.findings[0]).toMatchObject({ rule: 'config.syntax', severity: 'error' });
    expect(r.findings[0].line).toBeGreaterThan(0);
    expect(lintConfigText('c.json', '{"job": "extension",}').findings[0].rule).toBe('config.syntax');
    expect(lintConfigText('c.yaml', '- a\n- b\n').findings[0].rule).toBe('config.shape');
    expect(lintConfigText('c.yaml', '').findings[0].rule).toBe('config.shape');
  });

  it('an unknown process type gets a suggestion; non-trainer processes are left alone', () => {
    expect(find(lintConfigText('c.yaml', base().replace('type: sd_trainer', 'type: sd_trainr')).findings, 'process.type')!.fix).toContain('sd_trainer');
    expect(rules(lintConfigText('c.yaml', 'job: extension\nconfig:\n  name: cap\n  process:\n    - type: Qwen3VLCaptioner\n      caption: {}\n').findings)).toEqual(['process.not-checked']);
  });
});
