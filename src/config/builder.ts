import { Document, isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import type { FolderInfo } from '../dataset/scan.js';
import { epochsText } from '../text/epochs.js';
import { formatCount } from '../text/format.js';
import type { Project } from '../project/schema.js';
import { remoteDatasetFolder, remoteLayout, type RemoteLayout } from '../project/pod-layout.js';
import type { Choices } from './choices.js';
import { formatLr } from './choices.js';
import type { JobInput } from './schema.js';
import { runLength } from './length.js';
import { stepMath, type StepMath } from './step-math.js';
import { isLegacyArch } from './vocabulary.js';

/**
 * Build an ai-toolkit config from the dataset folders and the user's choices. Pure: no file is read or
 * written here. The YAML carries a comment on every value whose reason is not obvious.
 */

/** The guide's test prompts (guide.md §6.2). `[trigger]` stands for the trigger word. */
export const GUIDE_TEST_PROMPTS = [
  '[trigger], portrait, smiling, soft lighting',
  '[trigger], full body, dancing, dynamic pose',
  '[trigger], realistic_body, sitting, photorealistic',
  '[trigger], closeup, surprised expression',
  '[trigger], full body, winter clothing, snowy background',
];
/** guide.md §5.3. */
export const GUIDE_NEGATIVE = 'low quality, blurry, artifacts, deformed';
export const SAMPLE_SEED = 42;

export interface BuildInput {
  project: Pick<Project, 'name' | 'trigger'> & { pod?: { root?: string } | null };
  folders: readonly FolderInfo[];
  choices: Choices;
}

export interface BuildNote {
  severity: 'warning' | 'info';
  message: string;
  /** The lint rules that will report the same thing in the written file. */
  rules?: string[];
}

export interface BuildResult {
  job: JobInput;
  yaml: string;
  math: StepMath;
  layout: RemoteLayout;
  /** Where the run's files land on the pod: training_folder/<name>. */
  outputFolder: string;
  vramNote: string;
  notes: BuildNote[];
}

/** `[trigger]` placeholders → the trigger word; prompts without the trigger get it in front. */
export function samplePrompt(template: string, trigger: string): string {
  const replaced = template.replace(/\[trigger\]/g, trigger);
  // ai-toolkit never prepends the trigger to sample prompts (BaseSDTrainProcess.py:326-329), so do it here.
  return new RegExp(`(^|[^A-Za-z0-9_])${escapeRe(trigger)}([^A-Za-z0-9_]|$)`).test(replaced) ? replaced : `${trigger}, ${replaced}`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function trainingFolders(folders: readonly FolderInfo[]): FolderInfo[] {
  return folders.filter((f) => f.imageCount > 0);
}

export function buildConfig(input: BuildInput): BuildResult {
  const { project, choices: c } = input;
  const preset = c.preset;
  const layout = remoteLayout(project.pod?.root ?? '/workspace/lorapilot', project.name);
  const folders = trainingFolders(input.folders);
  const notes: BuildNote[] = [];

  if (folders.length === 0) notes.push({ severity: 'warning', message: 'no images found in the dataset: the config has no dataset entries' });
  const rootFolder = folders.find((f) => f.rel === '');
  if (rootFolder && folders.length > 1) {
    notes.push({
      severity: 'warning',
      message: `${rootFolder.imageCount} images sit in the dataset root: ai-toolkit walks folders recursively, so the root entry also trains every subfolder again — move them into a folder`,
    });
  }
  for (const f of folders) {
    if (f.rel.includes('${')) {
      notes.push({ severity: 'warning', message: `folder '${f.rel}' contains a dollar-brace, which ai-toolkit expands from the environment before parsing: rename the folder` });
    }
    if (f.repeats === 0) {
      notes.push({ severity: 'warning', message: `folder '${f.name}' has a 0_ prefix: ai-toolkit cannot repeat a folder 0 times, so it trains once (num_repeats 1)` });
    }
    if (f.repeats === null && folders.length > 1) {
      notes.push({ severity: 'info', message: `folder '${f.name}' has no N_ prefix: num_repeats 1` });
    }
  }

  const math = stepMath(
    {
      folders: folders.map((f) => ({ rel: f.rel, images: f.imageCount, repeats: f.repeats ?? 1 })),
      resolutions: c.resolution.length,
      batchSize: c.batchSize,
      gradientAccumulation: c.gradientAccumulation,
    },
    runLength(c),
  );
  if (math.epochs < 1) {
    notes.push({
      severity: 'warning',
      message: `the run (${math.totalSteps} steps) ends before one epoch (${math.stepsPerEpoch} steps): some images are never trained`,
      rules: ['train.under-one-epoch'],
    });
  }
  if (math.totalSteps > 4 * preset.steps) {
    const seen = Math.max(...folders.map((f) => Math.max(1, f.repeats ?? 1))) * c.resolution.length * math.epochs;
    notes.push({
      severity: 'info',
      message: `${math.totalSteps.toLocaleString('en-US')} steps is ${Math.round(math.totalSteps / preset.steps)}× the ${preset.steps.toLocaleString('en-US')} steps of ai-toolkit's example for ${preset.label}: the most repeated images are seen ${Math.round(seen).toLocaleString('en-US')} times — consider --steps, fewer repeats or fewer resolutions`,
    });
  }
  if (math.saveSteps.length === 0) {
    notes.push({
      severity: 'warning',
      message: `the run is ${math.totalSteps} step${math.totalSteps === 1 ? '' : 's'}: too short for checkpoints to compare — add images, repeats or epochs`,
      rules: ['save.after-end', 'sample.after-end'],
    });
  }

  const legacy = isLegacyArch(preset.arch);
  const model = preset.model(c.vram);
  const trigger = project.trigger;
  const prompts = (c.prompts ?? defaultPrompts(folders)).map((p) => samplePrompt(p, trigger));
  const sampleSize = Math.max(...c.resolution);
  const cacheTe = preset.cacheTextEmbeddings(c.vram);

  const process: Record<string, unknown> = {
    type: 'sd_trainer',
    training_folder: layout.trainingFolder,
    trigger_word: trigger,
    network: { type: 'lora', linear: c.rank, linear_alpha: c.alpha },
    save: {
      dtype: 'bf16',
      save_every: math.saveEvery,
      max_step_saves_to_keep: math.keep,
    },
    datasets: folders.map((f) => ({
      folder_path: remoteDatasetFolder(layout, f.rel),
      caption_ext: 'txt',
      num_repeats: Math.max(1, f.repeats ?? 1),
      resolution: [...c.resolution],
      caption_dropout_rate: c.captionDropout,
      shuffle_tokens: false,
      cache_latents_to_disk: true,
    })),
    train: {
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
    },
    model: {
      name_or_path: preset.nameOrPath,
      arch: preset.arch,
      quantize: model.quantize,
      ...(model.quantize && model.qtype ? { qtype: model.qtype } : {}),
      ...(model.quantize_te !== undefined ? { quantize_te: model.quantize_te } : {}),
      ...(model.quantize_te && model.qtype_te ? { qtype_te: model.qtype_te } : {}),
      ...(model.low_vram ? { low_vram: true } : {}),
      ...(model.assistant_lora_path ? { assistant_lora_path: model.assistant_lora_path } : {}),
      ...(model.extras_name_or_path ? { extras_name_or_path: model.extras_name_or_path } : {}),
      ...(model.model_kwargs ? { model_kwargs: model.model_kwargs } : {}),
    },
    sample: {
      ...(legacy && preset.sampler ? { sampler: preset.sampler } : {}),
      sample_every: math.sampleEvery,
      width: sampleSize,
      height: sampleSize,
      samples: prompts.map((prompt) => ({ prompt })),
      ...(preset.usesNegative ? { neg: GUIDE_NEGATIVE } : {}),
      seed: SAMPLE_SEED,
      walk_seed: true,
      guidance_scale: preset.guidanceScale,
      sample_steps: preset.sampleSteps,
    },
    logging: { use_ui_logger: true, log_every: 1 },
  };

  const job: JobInput = {
    job: 'extension',
    config: { name: project.name, process: [process as JobInput['config']['process'][number]] },
    meta: { name: project.name, version: '1.0', base_model: preset.label, trigger_word: trigger },
  };

  const outputFolder = `${layout.trainingFolder}/${project.name}`;
  const yaml = renderYaml(job, { math, choices: c, folders, outputFolder, cacheTe, legacy, model });
  return { job, yaml, math, layout, outputFolder, vramNote: preset.vramNote(c.vram), notes };
}

function defaultPrompts(folders: readonly FolderInfo[]): string[] {
  const hasRealBody = folders.some((f) => f.kind === 'realbody');
  // The realistic_body prompt only means something when the dataset teaches that tag.
  return GUIDE_TEST_PROMPTS.filter((p) => hasRealBody || !p.includes('realistic_body'));
}

interface RenderContext {
  math: StepMath;
  choices: Choices;
  folders: readonly FolderInfo[];
  outputFolder: string;
  cacheTe: boolean;
  legacy: boolean;
  model: ReturnType<Choices['preset']['model']>;
}


/** The YAML text, with comments. Nothing here may contain a dollar-brace: ai-toolkit expands those in the raw text. */
export function renderYaml(job: JobInput, ctx: RenderContext): string {
  // YAML 1.1 rules, as PyYAML reads the file: a trigger word like `yes` or `on` gets quoted instead of turning into a boolean.
  const doc = new Document(job, { version: '1.1' });
  const c = ctx.choices;
  const m = ctx.math;
  const P = ['config', 'process', 0];
  const header = [
    ` ai-toolkit config for '${job.config.name}' (${c.preset.label}), written by lorapilot.`,
    ` Check it with: lorapilot config lint <this file>`,
    ` Step math: ${formatCount(m.imagesPerEpoch)} images per epoch → ${formatCount(m.stepsPerEpoch)} steps per epoch`,
    `   (batch ${c.batchSize} × gradient accumulation ${c.gradientAccumulation}); ${formatCount(m.totalSteps)} steps = ${epochsText(m.epochs)}.`,
    ` ${c.preset.vramNote(c.vram)}`,
  ];
  if (c.preset.gated) header.push(' HF_TOKEN is not written here: lorapilot passes it in the environment at launch (gated model).');
  doc.commentBefore = header.join('\n');

  const before = (path: Array<string | number>, text: string) => {
    const pair = findPair(doc, path);
    if (pair && isScalar(pair.key)) pair.key.commentBefore = text.split('\n').map((l) => ` ${l}`).join('\n');
  };
  const inline = (path: Array<string | number>, text: string) => {
    const node = doc.getIn(path, true) as YamlNode | undefined;
    if (node && (isScalar(node) || isSeq(node) || isMap(node))) node.comment = ` ${safeComment(text)}`;
  };
  const flow = (path: Array<string | number>) => {
    const node = doc.getIn(path, true);
    if (isSeq(node) || isMap(node)) node.flow = true;
  };

  inline([...P, 'type'], 'standalone trainer; ui_trainer needs the web UI database');
  inline([...P, 'training_folder'], `persistent volume (the container disk is wiped on pod stop); run files land in ${ctx.outputFolder}`);
  inline([...P, 'trigger_word'], 'put in front of captions that lack it; never added to sample prompts');
  inline([...P, 'network', 'linear_alpha'], 'always written: left out, alpha is 1, not the rank');
  inline([...P, 'save', 'dtype'], 'bf16 like the training dtype');
  inline(
    [...P, 'save', 'save_every'],
    m.cadence.kind === 'epoch'
      ? m.cadence.epochsPerSave === 1
        ? `one epoch = ${formatCount(m.stepsPerEpoch)} steps`
        : `${m.cadence.epochsPerSave} epochs of ${formatCount(m.stepsPerEpoch)} steps`
      : `a tenth of the run (${epochsText(m.epochs)})`,
  );
  inline(
    [...P, 'save', 'max_step_saves_to_keep'],
    `keeps all ${m.keep} step checkpoints (older ones would be deleted); the final file is always kept`,
  );

  ctx.folders.forEach((f, i) => {
    const d = [...P, 'datasets', i];
    inline([...d, 'folder_path'], `${f.name}: ${formatCount(f.imageCount)} image${f.imageCount === 1 ? '' : 's'}`);
    inline(
      [...d, 'num_repeats'],
      f.repeats ? `from the folder's ${f.repeats}_ prefix: ai-toolkit ignores folder names` : f.repeats === 0 ? 'the 0_ prefix cannot mean zero: trained once' : 'no N_ prefix on the folder',
    );
    flow([...d, 'resolution']);
    if (i === 0) {
      inline([...d, 'resolution'], c.resolution.length > 1 ? `each size is a full copy of the folder in every epoch (×${c.resolution.length})` : 'bucketed by aspect ratio; never upscaled');
      inline([...d, 'caption_dropout_rate'], 'a dropped caption trains as the trigger word alone');
      inline([...d, 'cache_latents_to_disk'], 'latents cached next to the images on the volume');
    }
  });

  inline([...P, 'train', 'steps'], `no epoch setting in ai-toolkit: ${epochsText(m.epochs)} × ${formatCount(m.stepsPerEpoch)} steps`);
  inline([...P, 'train', 'gradient_accumulation'], `one step = ${c.batchSize * c.gradientAccumulation} image${c.batchSize * c.gradientAccumulation === 1 ? '' : 's'}; not the legacy gradient_accumulation_steps`);
  if (ctx.legacy) inline([...P, 'train', 'noise_scheduler'], `read by legacy archs like ${c.preset.arch}; newer models ignore it`);
  inline([...P, 'train', 'lr'], `${formatLr(c.lr)}; left out, ai-toolkit trains at 1e-6`);
  inline([...P, 'train', 'dtype'], 'left out, ai-toolkit trains in fp32');
  if (ctx.cacheTe) inline([...P, 'train', 'cache_text_embeddings'], 'encode captions once, then unload the text encoder');
  inline([...P, 'model', 'arch'], 'an unknown or missing arch falls back to SD 1.x');
  const qtype = ctx.model.qtype;
  if (qtype?.includes('|')) inline([...P, 'model', 'qtype'], `${qtype.split('|')[0]} with an accuracy-recovery adapter (24 GB)`);
  if (ctx.model.low_vram) inline([...P, 'model', 'low_vram'], 'keeps parts on the CPU while loading and quantizing');
  if (ctx.model.assistant_lora_path) inline([...P, 'model', 'assistant_lora_path'], 'training adapter: keeps the distilled turbo model intact; unloaded for samples');
  if (ctx.legacy) inline([...P, 'sample', 'sampler'], `used by ${c.preset.arch}; newer models ignore sample.sampler`);
  inline([...P, 'sample', 'sample_every'], 'with every checkpoint, so samples and checkpoints pair by step');
  before([...P, 'sample', 'samples'], 'The guide\'s test prompts with the trigger word written out:\nai-toolkit does not add the trigger to sample prompts.');
  if (c.preset.usesNegative) inline([...P, 'sample', 'neg'], `${c.preset.label} samples with CFG, so the negative is used`);
  inline([...P, 'sample', 'walk_seed'], `prompt i uses seed ${SAMPLE_SEED}+i at every checkpoint: samples compare across steps`);
  inline([...P, 'logging', 'use_ui_logger'], 'writes loss_log.db, which lorapilot monitor reads');
  inline([...P, 'logging', 'log_every'], 'every step (default 100)');
  before(['meta'], 'Copied into every checkpoint\'s metadata.');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Folder names go into comments: no line breaks, and no dollar-brace (ai-toolkit expands it even in comments). */
function safeComment(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?').replace(/\$\{/g, '$?');
}

function findPair(doc: Document, path: Array<string | number>): Pair | undefined {
  const parent = doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  return parent.items.find((p) => isScalar(p.key) && p.key.value === last) as Pair | undefined;
}
