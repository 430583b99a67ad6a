import { Document, isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import type { FolderInfo } from '../dataset/scan.js';
import { epochsText } from '../text/epochs.js';
import { formatCount } from '../text/format.js';
import { formatLr, type Choices } from './choices.js';
import { SAMPLE_SEED } from './sample-prompts.js';
import type { JobInput } from './schema.js';
import type { StepMath } from './step-math.js';

export interface RenderContext {
  math: StepMath;
  choices: Choices;
  folders: readonly FolderInfo[];
  outputFolder: string;
  cacheTe: boolean;
  legacy: boolean;
  model: ReturnType<Choices['preset']['model']>;
}


type Path = Array<string | number>;

/** Comments on a document's nodes: inline after a value, or on the line before a key. */
interface Commenter {
  inline(path: Path, text: string): void;
  before(path: Path, text: string): void;
  flow(path: Path): void;
}

function commenter(doc: Document): Commenter {
  return {
    before(path, text) {
      const pair = findPair(doc, path);
      if (pair && isScalar(pair.key)) pair.key.commentBefore = text.split('\n').map((l) => ` ${l}`).join('\n');
    },
    inline(path, text) {
      const node = doc.getIn(path, true) as YamlNode | undefined;
      if (node && (isScalar(node) || isSeq(node) || isMap(node))) node.comment = ` ${safeComment(text)}`;
    },
    flow(path) {
      const node = doc.getIn(path, true);
      if (isSeq(node) || isMap(node)) node.flow = true;
    },
  };
}

/** The trainer process in the document. */
const P: Path = ['config', 'process', 0];

/** The YAML text, with comments. Nothing here may contain a dollar-brace: ai-toolkit expands those in the raw text. */
export function renderYaml(job: JobInput, ctx: RenderContext): string {
  // YAML 1.1 rules, as PyYAML reads the file: a trigger word like `yes` or `on` gets quoted instead of turning into a boolean.
  const doc = new Document(job, { version: '1.1' });
  doc.commentBefore = headerComment(job, ctx);
  const k = commenter(doc);
  runComments(k, ctx);
  trainingComments(k, ctx);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** What the file is, its step math and its GPU memory. */
function headerComment(job: JobInput, ctx: RenderContext): string {
  const c = ctx.choices;
  const m = ctx.math;
  const header = [
    ` ai-toolkit config for '${job.config.name}' (${c.preset.label}), written by lorapilot.`,
    ` Check it with: lorapilot config lint <this file>`,
    ` Step math: ${formatCount(m.imagesPerEpoch)} images per epoch → ${formatCount(m.stepsPerEpoch)} steps per epoch`,
    `   (batch ${c.batchSize} × gradient accumulation ${c.gradientAccumulation}); ${formatCount(m.totalSteps)} steps = ${epochsText(m.epochs)}.`,
    ` ${c.preset.vramNote(c.vram)}`,
  ];
  if (c.preset.gated) header.push(' HF_TOKEN is not written here: lorapilot passes it in the environment at launch (gated model).');
  return header.join('\n');
}

/** Where the run goes, the network, the checkpoints and the dataset entries. */
function runComments({ inline, flow }: Commenter, ctx: RenderContext): void {
  const c = ctx.choices;
  const m = ctx.math;
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
}

/** The train, model, sample and logging blocks. */
function trainingComments({ inline, before }: Commenter, ctx: RenderContext): void {
  const c = ctx.choices;
  const m = ctx.math;
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
}

/** Folder names go into comments: no line breaks, and no dollar-brace (ai-toolkit expands it even in comments). */
function safeComment(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?').replace(/\$\{/g, '$?');
}

function findPair(doc: Document, path: Path): Pair | undefined {
  const parent = doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  return parent.items.find((p) => isScalar(p.key) && p.key.value === last) as Pair | undefined;
}
