import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildConfig, samplePrompt } from '../../../src/config/builder.js';
import { resolveChoices, type Choices } from '../../../src/config/choices.js';
import { lintConfigText } from '../../../src/config/lint.js';
import { PRESETS } from '../../../src/config/presets.js';
import { jobSchema } from '../../../src/config/schema.js';
import { parseFolderName, type FolderInfo } from '../../../src/dataset/scan.js';
import { BOUNDS } from '../../../src/text/bounds.js';

function folder(rel: string, images: number): FolderInfo {
  return { rel, name: rel, ...parseFolderName(rel), imageCount: images, captionCount: images };
}
const GUIDE = [folder('20_maya_char_realbody', 30), folder('40_maya_char', 70)];
const project = { name: 'maya', trigger: 'maya_char' };
// The built YAML as plain data: the tests read into it freely.
type Proc = Record<string, any>;
const proc = (r: ReturnType<typeof buildConfig>): Proc => (r.job.config.process[0] as Proc);

describe('config builder', () => {
  it('writes one dataset entry per folder, num_repeats from the N_ prefix, paths on the persistent volume', () => {
    const r = buildConfig({ project, folders: GUIDE, choices: resolveChoices({}) });
    const p = proc(r);
    expect(p.training_folder).toBe('/workspace/lorapilot/maya/output');
    expect(r.outputFolder).toBe('/workspace/lorapilot/maya/output/maya');
    expect(p.datasets).toEqual([
      expect.objectContaining({ folder_path: '/workspace/lorapilot/maya/dataset/20_maya_char_realbody', num_repeats: 20, caption_ext: 'txt', resolution: [1024], caption_dropout_rate: 0.05 }),
      expect.objectContaining({ folder_path: '/workspace/lorapilot/maya/dataset/40_maya_char', num_repeats: 40 }),
    ]);
    expect(p.trigger_word).toBe('maya_char');
  });

  it('uses the pod root from the project', () => {
    const r = buildConfig({ project: { ...project, pod: { root: '/workspace/other' } }, folders: GUIDE, choices: resolveChoices({}) });
    expect(proc(r).datasets[0].folder_path).toBe('/workspace/other/maya/dataset/20_maya_char_realbody');
  });

  it('always writes linear_alpha, bf16 and the UI logger; the step math drives steps, save_every and keep', () => {
    const r = buildConfig({ project, folders: GUIDE, choices: resolveChoices({ epochs: 6, rank: 32 }) });
    const p = proc(r);
    expect(p.network).toEqual({ type: 'lora', linear: 32, linear_alpha: 32 });
    expect(p.train.dtype).toBe('bf16');
    expect(p.save.dtype).toBe('bf16');
    expect(p.logging).toEqual({ use_ui_logger: true, log_every: 1 });
    expect(p.train.steps).toBe(6 * 3400);
    expect(p.save.save_every).toBe(3400);
    expect(p.sample.sample_every).toBe(3400);
    expect(p.save.max_step_saves_to_keep).toBe(5);
  });

  it('writes the guide’s test prompts with the trigger, a fixed seed and walk_seed; realistic_body only with a real-body folder', () => {
    const withBody = proc(buildConfig({ project, folders: GUIDE, choices: resolveChoices({}) })).sample;
    expect(withBody.samples.map((s: { prompt: string }) => s.prompt)).toEqual([
      'maya_char, portrait, smiling, soft lighting',
      'maya_char, full body, dancing, dynamic pose',
      'maya_char, realistic_body, sitting, photorealistic',
      'maya_char, closeup, surprised expression',
      'maya_char, full body, winter clothing, snowy background',
    ]);
    expect(withBody).toMatchObject({ seed: 42, walk_seed: true });
    const noBody = proc(buildConfig({ project, folders: [folder('40_maya_char', 70)], choices: resolveChoices({}) })).sample;
    expect(noBody.samples).toHaveLength(4);
  });

  it('understands [trigger] and adds the trigger to prompts that lack it', () => {
    expect(samplePrompt('[trigger] at the beach', 'ohwx')).toBe('ohwx at the beach');
    expect(samplePrompt('a photo at the beach', 'ohwx')).toBe('ohwx, a photo at the beach');
    expect(samplePrompt('ohwx, smiling', 'ohwx')).toBe('ohwx, smiling');
  });

  it('sets sampler and noise scheduler only for legacy archs, neg only where the model uses CFG', () => {
    const flux = proc(buildConfig({ project, folders: GUIDE, choices: resolveChoices({ preset: 'flux1-dev' }) }));
    expect(flux.train.noise_scheduler).toBe('flowmatch');
    expect(flux.sample.sampler).toBe('flowmatch');
    expect(flux.sample.neg).toBeUndefined();
    const qwen = proc(buildConfig({ project, folders: GUIDE, choices: resolveChoices({ preset: 'qwen-image' }) }));
    expect(qwen.train.noise_scheduler).toBeUndefined();
    expect(qwen.sample.sampler).toBeUndefined();
    expect(qwen.sample.neg).toBe('low quality, blurry, artifacts, deformed');
    const sdxl = proc(buildConfig({ project, folders: GUIDE, choices: resolveChoices({ preset: 'sdxl' }) }));
    expect(sdxl.train.noise_scheduler).toBe('ddpm');
  });

  it('presets carry the reference values: quantization, ARA on 24 GB, assistant LoRA, guidance and steps', () => {
    const z = proc(buildConfig({ project, folders: GUIDE, choices: resolveChoices({ preset: 'zimage-turbo' }) }));
    expect(z.model).toMatchObject({ arch: 'zimage', name_or_path: 'Tongyi-MAI/Z-Image-Turbo', low_vram: true, assistant_lora_path: 'ostris/zimage_turbo_training_adapter/zimage_turbo_training_adapter_v2.safetensors' });
    expect(z.sample).toMatchObject({ guidance_scale: 1, sample_steps: 9 });
    const q24 = proc(buildConfig({ project, folders: GUIDE, choices: resolveChoices({ preset: 'qwen-image', vram: 24 }) }));
    expect(q24.model).toMatchObject({ qtype: 'uint3|ostris/accuracy_recovery_adapters/qwen_image_torchao_uint3.safetensors', quantize_te: true, qtype_te: 'qfloat8', low_vram: true });
    expect(q24.train.cache_text_embeddings).toBe(true);
    const f2 = proc(buildConfig({ project, folders: GUIDE, choices: resolveChoices({ preset: 'flux2-dev' }) }));
    expect(f2.model).toMatchObject({ arch: 'flux2', low_vram: true, model_kwargs: { match_target_res: false } });
    expect(PRESETS.map((p) => p.id)).toEqual(expect.arrayContaining(['flux1-dev', 'qwen-image', 'zimage-turbo', 'flux2-dev', 'chroma', 'sdxl']));
    for (const p of PRESETS) {
      expect(p.vramNote(48)).toMatch(/48 GB/);
      expect(p.vramNote(24)).toMatch(/24 GB/);
    }
  });

  it('never writes a secret, even with HF_TOKEN in the environment', () => {
    const before = process.env.HF_TOKEN;
    process.env.HF_TOKEN = 'hf_secretsecretsecretsecretsecretsecret';
    try {
      const r = buildConfig({ project, folders: GUIDE, choices: resolveChoices({ preset: 'flux1-dev' }) });
      expect(r.yaml).not.toContain('hf_secret');
      expect(r.yaml).toContain('HF_TOKEN is not written here');
    } finally {
      if (before === undefined) delete process.env.HF_TOKEN;
      else process.env.HF_TOKEN = before;
    }
  });

  it('a 0_ prefix cannot mean zero repeats: trained once, with a warning', () => {
    const r = buildConfig({ project, folders: [folder('0_maya', 10)], choices: resolveChoices({}) });
    expect(proc(r).datasets[0].num_repeats).toBe(1);
    expect(r.notes.some((n) => n.message.includes('0_ prefix'))).toBe(true);
  });

  it('quotes values PyYAML would read as something else (a trigger word like yes)', () => {
    const r = buildConfig({ project: { name: 'maya', trigger: 'yes' }, folders: GUIDE, choices: resolveChoices({}) });
    expect(r.yaml).toContain('trigger_word: "yes"');
    expect((parseDocument(r.yaml, { version: '1.1' }).toJS() as Proc).config.process[0].trigger_word).toBe('yes');
  });

  it('explains non-obvious values in YAML comments', () => {
    const r = buildConfig({ project, folders: GUIDE, choices: resolveChoices({}) });
    expect(r.yaml).toMatch(/linear_alpha: 16 # always written: left out, alpha is 1/);
    expect(r.yaml).toMatch(/num_repeats: 40 # from the folder's 40_ prefix/);
    expect(r.yaml).toMatch(/save_every: 340 # a tenth of the run/);
    expect(r.yaml).not.toContain('${');
  });

  it('warns about folder names ai-toolkit would expand, and keeps odd names out of comments', () => {
    const r = buildConfig({ project, folders: [folder('2_a ${X}', 3), folder('3_b\nc', 4)], choices: resolveChoices({}) });
    expect(r.notes.some((n) => n.message.includes('dollar-brace'))).toBe(true);
    const doc = parseDocument(r.yaml);
    expect(doc.errors).toEqual([]);
    expect((doc.toJS() as Proc).config.process[0].datasets[1].folder_path).toBe('/workspace/lorapilot/maya/dataset/3_b\nc');
  });

  it('round trip: build → text → load → lint has no findings, for every preset and both GPU sizes', () => {
    for (const p of PRESETS) {
      for (const vram of [48, 24] as const) {
        const r = buildConfig({ project, folders: GUIDE, choices: resolveChoices({ preset: p.id, vram }) });
        const lint = lintConfigText('ai-toolkit.yaml', r.yaml, { target: 'runpod', datasetImages: new Map(GUIDE.map((f) => [f.rel, f.imageCount])) });
        expect(lint.findings, `${p.id} ${vram}`).toEqual([]);
        expect(jobSchema.safeParse(parseDocument(r.yaml).toJS()).success).toBe(true);
      }
    }
  });

  it('property: builder output always lints clean and matches the schema', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _.'-]{0,20}$/).filter((s) => !s.includes('${'));
    const folderArb = fc.record({ repeats: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }), label: name, images: fc.integer({ min: 1, max: 400 }) });
    const choicesArb = fc.record({
      preset: fc.constantFrom(...PRESETS.map((p) => p.id)),
      vram: fc.constantFrom(48 as const, 24 as const),
      rank: fc.constantFrom(4, 8, 16, 32, 64),
      alpha: fc.option(fc.constantFrom(1, 8, 16, 32), { nil: undefined }),
      lr: fc.constantFrom(2e-5, 5e-5, 1e-4, 2e-4, 4e-4),
      resolution: fc.uniqueArray(fc.constantFrom(512, 768, 1024, 1280), { minLength: 1, maxLength: 3 }),
      batchSize: fc.integer({ min: 1, max: 4 }),
      gradientAccumulation: fc.integer({ min: 1, max: 4 }),
      length: fc.oneof(fc.constant({}), fc.record({ epochs: fc.integer({ min: 1, max: 40 }) }), fc.record({ stepsEpochs: fc.integer({ min: 1, max: 12 }) })),
      captionDropout: fc.constantFrom(0, 0.05, 0.1),
    });
    fc.assert(
      fc.property(fc.uniqueArray(folderArb, { minLength: 1, maxLength: 4, selector: (f) => f.label }), choicesArb, (fs, c) => {
        const folders = fs.map((f) => folder(f.repeats === null ? f.label : `${f.repeats}_${f.label}`, f.images));
        if (new Set(folders.map((f) => f.rel)).size !== folders.length) return;
        const { length, ...rest } = c;
        let choices: Choices = resolveChoices({ ...rest, ...('epochs' in length ? { epochs: length.epochs } : {}) });
        if ('stepsEpochs' in length) {
          const spe = buildConfig({ project, folders, choices }).math.stepsPerEpoch;
          choices = { ...choices, steps: spe * length.stepsEpochs };
        }
        const r = buildConfig({ project, folders, choices });
        // A run past the steps bound (a million) is refused by lint on purpose (config.range); the builder's inputs
        // are bounded where a person types them, so the property covers runs within it.
        fc.pre(r.math.totalSteps <= BOUNDS.steps.max);
        const lint = lintConfigText('ai-toolkit.yaml', r.yaml, { target: 'runpod', datasetImages: new Map(folders.map((f) => [f.rel, f.imageCount])) });
        // Only what the builder itself warned about may show up (a run too short to checkpoint).
        const expected = new Set(r.notes.flatMap((n) => n.rules ?? []));
        expect(lint.findings.filter((f) => !expected.has(f.rule))).toEqual([]);
        expect(jobSchema.safeParse(parseDocument(r.yaml, { version: '1.1' }).toJS()).success).toBe(true);
        expect(r.math.keep).toBe(Math.max(1, r.math.saveSteps.length));
      }),
      { numRuns: 150 },
    );
  });
});
