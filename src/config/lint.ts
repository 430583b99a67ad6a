import { posix } from 'node:path';
import { z } from 'zod';
import type { Finding } from '../dataset/finding.js';
import { presetForModel } from './presets.js';
import { sectionAt, trainerProcessSchema, type SectionName } from './schema.js';
import { parseConfigSource, type ConfigSource, type PathPart, type Position } from './source.js';
import { savePoints } from './step-math.js';
import { suggestKey, suggestValue } from './suggest.js';
import {
  ARCHS, baseArch, FULL_PRECISION_DTYPES, isKnownArch, isLegacyArch, LR_SCHEDULERS, OPTIMIZERS, OTHER_PROCESS_TYPES,
  parseQtype, QTYPES, SCHEDULERS, TRAINER_TYPES,
} from './vocabulary.js';

/**
 * The config linter: for any ai-toolkit YAML or JSON config (the UI's `.job_config.json` too).
 * Every finding names file:line:column and the fix. Rules come from reference/ai-toolkit.md §1-§5.
 */

export interface ConfigFinding extends Finding {
  file: string;
  line: number;
  column: number;
  /** Dotted key path in the file, e.g. `config.process.0.train.lr`. */
  path: string;
}

export type LintTarget = 'runpod' | 'local';

export interface LintOptions {
  /** runpod: dataset and training paths must be on the /workspace volume. */
  target?: LintTarget;
  /** Image counts of the dataset folders by folder name, to check the step math against real epochs. */
  datasetImages?: ReadonlyMap<string, number>;
}

export interface LintEpochMath {
  imagesPerEpoch: number;
  stepsPerEpoch: number;
  totalSteps: number;
  epochs: number;
}

export interface LintResult {
  file: string;
  format: 'yaml' | 'json';
  findings: ConfigFinding[];
  /** Step math from the config and the dataset, when the dataset folders were known. */
  math?: LintEpochMath;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const numv = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const fmt = (n: number) => n.toLocaleString('en-US');

/** ai-toolkit's tag for "any environment variable" in the raw text (config.py:150-165). */
const ENV_RE = /\$\{([^}]*)\}/g;
const GLOB_RE = /[[\]*?]/;
const LEGACY_FLAGS: Array<[string, string]> = [
  ['is_flux', 'flux'], ['is_xl', 'sdxl'], ['is_v3', 'sd3'], ['is_v2', 'sd2'], ['is_ssd', 'ssd'], ['is_vega', 'vega'],
  ['is_pixart', 'pixart'], ['is_pixart_sigma', 'pixart_sigma'], ['is_auraflow', 'auraflow'], ['is_lumina2', 'lumina2'],
];
const HF_TOKEN_RE = /\bhf_[A-Za-z0-9]{30,}\b/;
/** Inline prompt flags (config_modules.py:1373-1455). */
const PROMPT_FLAGS = ['n', 'w', 'h', 'd', 'seed', 'l', 'cfg', 's', 'steps', 'm', 'network_multiplier', 'gr', 'p2', 'n2', 'a', 'ref', 'ev', 'frames', 'num_frames', 'fps', 'ctrl_img', 'ctrl_idx'];

export function lintConfigText(file: string, text: string, options: LintOptions = {}): LintResult {
  const src = parseConfigSource(file, text);
  const out = new Collector(src);
  if (src.errors.length > 0) {
    for (const e of src.errors) {
      out.raw({ rule: 'config.syntax', severity: 'error', line: e.line, column: e.column, path: '', message: e.message, fix: 'fix the syntax; ai-toolkit cannot load the file' });
    }
    return { file, format: src.format, findings: out.list() };
  }
  const data = src.data;
  if (!isObj(data)) {
    out.add('config.shape', 'error', [], 'the file is not a mapping with job/config keys', 'start from `lorapilot config build`');
    return { file, format: src.format, findings: out.list() };
  }
  lintEnvVars(src, data, out);
  lintSecrets(data, out);
  const math = lintJob(data, out, options);
  return { file, format: src.format, findings: out.list(), math };
}

class Collector {
  private findings: ConfigFinding[] = [];
  constructor(private src: ConfigSource) {}
  add(rule: string, severity: Finding['severity'], path: PathPart[], message: string, fix: string, what: 'key' | 'value' = 'value', data?: Obj) {
    const pos = this.src.locate(path, what);
    this.raw({ rule, severity, path: path.join('.'), message, fix, ...pos, data });
  }
  raw(f: Omit<ConfigFinding, 'files' | 'file'> & Partial<Position>) {
    this.findings.push({ ...f, file: this.src.file, files: [this.src.file] } as ConfigFinding);
  }
  at(offset: number): Position {
    return this.src.at(offset);
  }
  list(): ConfigFinding[] {
    const order = { error: 0, warning: 1, info: 2 };
    return [...this.findings].sort((a, b) => a.line - b.line || a.column - b.column || order[a.severity] - order[b.severity]);
  }
}

// ---------------------------------------------------------------- raw text rules

function promptPaths(data: Obj): Array<{ path: PathPart[]; text: string }> {
  const out: Array<{ path: PathPart[]; text: string }> = [];
  const procs = isObj(data.config) && Array.isArray(data.config.process) ? data.config.process : [];
  procs.forEach((p, i) => {
    if (!isObj(p)) return;
    for (const block of ['sample', 'first_sample']) {
      const s = p[block];
      if (!isObj(s)) continue;
      const base: PathPart[] = ['config', 'process', i, block];
      if (typeof s.neg === 'string') out.push({ path: [...base, 'neg'], text: s.neg });
      if (Array.isArray(s.prompts)) s.prompts.forEach((t, j) => typeof t === 'string' && out.push({ path: [...base, 'prompts', j], text: t }));
      if (Array.isArray(s.samples)) {
        s.samples.forEach((it, j) => {
          if (isObj(it) && typeof it.prompt === 'string') out.push({ path: [...base, 'samples', j, 'prompt'], text: it.prompt });
          if (isObj(it) && typeof it.neg === 'string') out.push({ path: [...base, 'samples', j, 'neg'], text: it.neg });
        });
      }
    }
    if (Array.isArray(p.datasets)) {
      p.datasets.forEach((d, j) => isObj(d) && typeof d.default_caption === 'string' && out.push({ path: ['config', 'process', i, 'datasets', j, 'default_caption'], text: d.default_caption }));
    }
  });
  return out;
}

function lintEnvVars(src: ConfigSource, data: Obj, out: Collector): void {
  const reportedLines = new Set<number>();
  for (const p of promptPaths(data)) {
    const m = /\$\{([^}]*)\}/.exec(p.text);
    if (!m) continue;
    const pos = src.locate(p.path, 'value');
    reportedLines.add(pos.line);
    out.add('prompt.env-var', 'error', p.path, `'${m[0]}' in prompt text: ai-toolkit replaces \${…} with an environment variable before parsing, and stops with "Environment variable ${m[1]} not set" when it is missing`, `write it without the dollar-brace (e.g. '{${m[1]}}' or plain words)`);
  }
  for (const m of src.text.matchAll(ENV_RE)) {
    const pos = out.at(m.index ?? 0);
    if (reportedLines.has(pos.line)) continue;
    const name = m[1];
    out.raw({
      rule: 'config.env-var', severity: /^[A-Z_][A-Z0-9_]*$/.test(name) ? 'warning' : 'error', ...pos, path: '',
      message: `'${m[0]}' is replaced from the environment before the file is parsed (comments included); the load fails if ${name || 'it'} is not set`,
      fix: /^[A-Z_][A-Z0-9_]*$/.test(name) ? `make sure ${name} is set in the environment of the training process, or write the value` : 'remove the dollar-brace',
    });
  }
}

function lintSecrets(data: Obj, out: Collector): void {
  const walk = (v: unknown, path: PathPart[]) => {
    if (typeof v === 'string' && HF_TOKEN_RE.test(v)) {
      out.add('config.secret', 'error', path, 'a Hugging Face token is written in the config: ai-toolkit prints the process config to the console and copies it to config.yaml next to the checkpoints', 'remove it; set HF_TOKEN in the environment at launch (lorapilot train does)');
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(data, []);
}

// ---------------------------------------------------------------- schema

function lintSchemaIssues(issues: readonly z.core.$ZodIssue[], base: PathPart[], root: Obj, out: Collector): void {
  for (const issue of issues) {
    const rel = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const path = [...base, ...rel];
    if (issue.code === 'unrecognized_keys') {
      const section = sectionAt(path);
      for (const key of issue.keys) unknownKey(section, [...path, key], key, out);
      continue;
    }
    const value = getAt(root, path);
    if (issue.code === 'invalid_value' && typeof value === 'string') {
      const allowed = issue.values.map(String);
      const near = suggestValue(value, allowed);
      out.add('config.value', 'error', path, `'${value}' is not accepted for ${rel[rel.length - 1] ?? 'this key'}`, near ? `did you mean '${near}'? (one of ${listOf(allowed)})` : `use one of ${listOf(allowed)}`);
      continue;
    }
    if (issue.code === 'invalid_type' && typeof value === 'string' && issue.expected === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) {
      out.add('config.type', 'error', path, `'${value}' is a string, not a number: ai-toolkit passes it on as text`, `remove the quotes: ${rel[rel.length - 1]}: ${value}`);
      continue;
    }
    if (issue.code === 'invalid_type' && value === undefined) {
      out.add('config.missing', 'error', path, `'${rel[rel.length - 1]}' is required`, requiredFix(String(rel[rel.length - 1])));
      continue;
    }
    if (issue.code === 'custom' && typeof value === 'string') {
      const key = String(rel[rel.length - 1]);
      const vocab = key === 'optimizer' ? OPTIMIZERS : key.startsWith('qtype') ? QTYPES : [];
      const near = suggestValue(value.split('|')[0], vocab);
      out.add('config.value', 'error', path, `${issue.message}`, near ? `did you mean '${near}'?` : `use one of ${listOf(vocab)}`);
      continue;
    }
    out.add('config.type', 'error', path, `${rel.join('.') || 'value'}: ${issue.message}`, 'fix the value to the expected type');
  }
}

function requiredFix(key: string): string {
  if (key === 'name_or_path') return "set model.name_or_path to the Hugging Face repo (e.g. 'black-forest-labs/FLUX.1-dev')";
  if (key === 'model') return 'add a model block with name_or_path and arch';
  if (key === 'name') return 'set config.name (letters, digits, _ and -)';
  return `add '${key}'`;
}

function listOf(values: readonly string[]): string {
  return values.length > 8 ? `${values.slice(0, 8).join(', ')}, …` : values.join(', ');
}

function unknownKey(section: SectionName | null, path: PathPart[], key: string, out: Collector): void {
  const s = section ? suggestKey(key, section) : null;
  if (s) {
    out.add('config.unknown-key', 'error', path, `'${key}' is not read by ai-toolkit and is silently ignored${s.known ? ` (use ${s.instead})` : ''}`, s.fix, 'key', { suggestion: s.instead });
  } else {
    out.add('config.unknown-key', 'warning', path, `'${key}' is not a key ai-toolkit reads here; it is silently ignored`, 'remove it, or move it to the section that reads it', 'key');
  }
}

function getAt(root: unknown, path: readonly PathPart[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (Array.isArray(v) && typeof p === 'number') v = v[p];
    else if (isObj(v)) v = v[String(p)];
    else return undefined;
  }
  return v;
}

// ---------------------------------------------------------------- the job

function lintJob(data: Obj, out: Collector, options: LintOptions): LintEpochMath | undefined {
  for (const key of Object.keys(data)) if (!['job', 'config', 'meta'].includes(key)) unknownKey('top', [key], key, out);
  if (data.job === undefined) out.add('config.missing', 'error', [], "no 'job' key", "add 'job: extension'");
  else if (data.job !== 'extension') {
    out.add('job.type', 'error', ['job'], `job '${String(data.job)}': trainer processes (sd_trainer, diffusion_trainer) run only under 'job: extension'`, "write 'job: extension'");
  }
  const config = data.config;
  if (!isObj(config)) {
    out.add('config.missing', 'error', [], "no 'config' block", 'add config: {name, process: [...]}');
    return undefined;
  }
  for (const key of Object.keys(config)) if (!['name', 'process'].includes(key)) unknownKey('config', ['config', key], key, out);
  const name = config.name;
  if (typeof name !== 'string' || name === '') out.add('config.missing', 'error', ['config'], "'config.name' is required (BaseJob.py:18)", 'set config.name (letters, digits, _ and -)');
  else if (GLOB_RE.test(name)) {
    out.add('name.glob', 'error', ['config', 'name'], `'${name}' has glob characters: ai-toolkit finds checkpoints to resume and to delete with glob(name + '*'), so resume and cleanup break`, 'use letters, digits, _ and - only (the UI allows nothing else)');
  }
  if (!Array.isArray(config.process) || config.process.length === 0) {
    out.add('config.missing', 'error', ['config'], "'config.process' must be a non-empty list", 'add one process with type: sd_trainer');
    return undefined;
  }
  let math: LintEpochMath | undefined;
  config.process.forEach((p, i) => {
    const base: PathPart[] = ['config', 'process', i];
    if (!isObj(p)) {
      out.add('config.type', 'error', base, 'a process must be a mapping', 'write the process as key: value pairs');
      return;
    }
    const type = str(p.type);
    if (!type) {
      out.add('config.missing', 'error', base, 'a process needs a type', "add 'type: sd_trainer'");
      return;
    }
    if (!(TRAINER_TYPES as readonly string[]).includes(type)) {
      if ((OTHER_PROCESS_TYPES as readonly string[]).includes(type)) {
        out.add('process.not-checked', 'info', [...base, 'type'], `'${type}' is not a trainer; lorapilot checks trainer processes only`, 'nothing to do if this is intended');
      } else {
        const near = suggestValue(type, [...TRAINER_TYPES, ...OTHER_PROCESS_TYPES]);
        out.add('process.type', 'error', [...base, 'type'], `unknown process type '${type}': ai-toolkit stops with "Unknown process type"`, near ? `did you mean '${near}'?` : 'use sd_trainer');
      }
      return;
    }
    const parsed = trainerProcessSchema.safeParse(p);
    if (!parsed.success) lintSchemaIssues(parsed.error.issues, base, data, out);
    const m = lintTrainer(p, base, typeof name === 'string' ? name : '', out, options);
    if (m && !math) math = m;
  });
  return math;
}

function lintTrainer(p: Obj, base: PathPart[], jobName: string, out: Collector, options: LintOptions): LintEpochMath | undefined {
  const at = (...rest: PathPart[]) => [...base, ...rest];
  const network = isObj(p.network) ? p.network : undefined;
  const train = isObj(p.train) ? p.train : {};
  const model = isObj(p.model) ? p.model : undefined;
  const save = isObj(p.save) ? p.save : undefined;
  const sample = isObj(p.sample) ? p.sample : undefined;
  const logging = isObj(p.logging) ? p.logging : undefined;
  const datasets = Array.isArray(p.datasets) ? p.datasets : [];
  const hasTrain = isObj(p.train);

  if (p.type === 'ui_trainer') {
    out.add('process.ui-trainer', 'error', at('type'), "'ui_trainer' stops with \"SQLite database not found\" / \"AITK_JOB_ID not set\" outside the web UI", "use 'sd_trainer' (the UI itself now writes diffusion_trainer)");
  }
  if (typeof p.name === 'string' && GLOB_RE.test(p.name)) {
    out.add('name.glob', 'error', at('name'), `'${p.name}' has glob characters: resume and checkpoint cleanup glob on it`, 'use letters, digits, _ and - only');
  }
  if (p.device !== undefined && p.device !== null) {
    const dev = String(p.device);
    const other = /^cuda:[1-9]/.test(dev);
    out.add('process.device', other ? 'warning' : 'info', at('device'), `'device: ${dev}' is not read by the sd trainer: the GPU is accelerator.device${other ? ', so this does not pick that GPU' : ''}`, other ? `launch with CUDA_VISIBLE_DEVICES=${dev.slice(5)} instead` : 'remove it; pick a GPU with CUDA_VISIBLE_DEVICES', 'key');
  }

  // training_folder and dataset paths
  const tf = str(p.training_folder);
  if (!tf) out.add('process.training-folder', 'error', base, "no 'training_folder': ai-toolkit fails at os.path.join(None, name)", 'set training_folder (on RunPod: under /workspace)');
  else checkPath(tf, at('training_folder'), 'training_folder', out, options);

  // network
  if (!network) {
    out.add('network.missing', 'error', base, "no 'network' block: ai-toolkit fine-tunes the whole model instead of training a LoRA", 'add network: {type: lora, linear: 16, linear_alpha: 16}');
  } else {
    const rank = numv(network.linear) ?? numv(network.rank);
    if (rank === undefined) out.add('network.rank-default', 'warning', at('network'), 'no rank: ai-toolkit uses linear 4', 'set network.linear (16-32 for a character)');
    if (network.linear_alpha === undefined && network.alpha === undefined) {
      out.add('network.alpha-default', 'error', at('network'), `no 'linear_alpha': alpha defaults to 1, not to the rank${rank ? ` (${rank})` : ''}, so the LoRA is scaled down ${rank ? `${rank}×` : ''} and barely learns`, `add linear_alpha: ${rank ?? 16}`);
    }
  }

  // train
  if (!hasTrain) out.add('train.missing', 'error', base, "no 'train' block: lr 1e-6, dtype fp32, 1000 steps", 'add a train block (lorapilot config build writes one)');
  if (hasTrain && train.steps === undefined) out.add('train.steps-default', 'warning', at('train'), "no 'steps': ai-toolkit trains 1,000 steps, whatever the dataset", 'set steps = epochs × steps per epoch (lorapilot config build does the math)');
  const lr = numv(train.lr);
  const optimizer = str(train.optimizer)?.toLowerCase() ?? 'adamw';
  const adaptive = /^(prodigy|dadaptation|automagic)/.test(optimizer);
  if (hasTrain && train.lr === undefined) out.add('train.lr-default', 'error', at('train'), "no 'lr': ai-toolkit trains at 1e-6 and the LoRA learns next to nothing", 'add lr: 0.0001');
  else if (lr !== undefined && !adaptive && lr <= 1e-6) out.add('train.lr-default', 'error', at('train', 'lr'), `lr ${lr} is ai-toolkit's do-nothing default`, 'use 0.0001 (1e-4) for adamw8bit');
  else if (lr !== undefined && !adaptive && lr > 1e-3) out.add('train.lr-high', 'warning', at('train', 'lr'), `lr ${lr} is very high for ${optimizer}: expect burnt, over-saturated samples`, 'use 1e-4 to 2e-4');
  const dtype = str(train.dtype);
  if (hasTrain && train.dtype === undefined) out.add('train.dtype-default', 'error', at('train'), "no 'dtype': ai-toolkit loads and trains the model in fp32 (twice the memory, slower)", 'add dtype: bf16');
  else if (dtype && FULL_PRECISION_DTYPES.includes(dtype)) out.add('train.dtype-default', 'error', at('train', 'dtype'), `dtype ${dtype}: the whole model is loaded in full precision`, 'use dtype: bf16');
  const gaSteps = numv(train.gradient_accumulation_steps);
  const ga = numv(train.gradient_accumulation) ?? 1;
  if (gaSteps !== undefined && gaSteps !== 1) {
    if (ga > 1) out.add('train.grad-accum-both', 'error', at('train', 'gradient_accumulation_steps'), 'gradient_accumulation and gradient_accumulation_steps together: ai-toolkit stops with a ValueError', 'keep only gradient_accumulation');
    else out.add('train.grad-accum-legacy', 'warning', at('train', 'gradient_accumulation_steps'), `'gradient_accumulation_steps' is the legacy key: the optimizer steps only every ${gaSteps === -1 ? 'epoch' : `${gaSteps} steps`} and gradients of the skipped steps look discarded (zero_grad each step), so it mostly cuts updates`, `use gradient_accumulation: ${gaSteps === -1 ? 4 : gaSteps} (one step = that many batches, one optimizer step)`, 'key');
  }
  const lrs = str(train.lr_scheduler);
  if (lrs && !(LR_SCHEDULERS as readonly string[]).includes(lrs)) {
    const near = suggestValue(lrs, LR_SCHEDULERS);
    out.add('train.lr-scheduler', 'error', at('train', 'lr_scheduler'), `unknown lr_scheduler '${lrs}': ai-toolkit stops after trying it as a diffusers scheduler`, near ? `did you mean '${near}'?` : `use one of ${listOf(LR_SCHEDULERS)}`);
  }
  if (lrs === 'constant_with_warmup' && !(isObj(train.lr_scheduler_params) && train.lr_scheduler_params.num_warmup_steps !== undefined)) {
    out.add('train.warmup-default', 'warning', at('train', 'lr_scheduler'), 'constant_with_warmup without num_warmup_steps warms up over 1000 steps', 'add lr_scheduler_params: {num_warmup_steps: 100}');
  }
  if (isObj(train.ema_config) && train.ema_config.use_ema === true && numv(train.ema_config.ema_decay) === 0.999) {
    out.add('train.ema-decay', 'info', at('train', 'ema_config', 'ema_decay'), 'ema_decay 0.999 averages over ~1,000 steps: early checkpoints lag far behind the training', "ai-toolkit's examples use 0.99");
  }

  // model
  const arch = model ? str(model.arch) : undefined;
  const nameOrPath = model ? str(model.name_or_path) : undefined;
  if (model) {
    if (nameOrPath && /(HERE|PATH_TO|\/path\/to|^MODEL_PATH|<.*>)/.test(nameOrPath)) {
      out.add('model.placeholder', 'error', at('model', 'name_or_path'), `'${nameOrPath}' is a placeholder`, "set the model's Hugging Face repo (see lorapilot config presets)");
    }
    if (arch === undefined) {
      const legacyFlag = Object.keys(model).find((k) => /^is_/.test(k) && model[k] === true);
      if (legacyFlag) out.add('model.arch-legacy-flag', 'info', at('model', legacyFlag), `'${legacyFlag}' is the legacy way to choose the model class`, `write arch: ${legacyFlag === 'is_flux' ? 'flux' : legacyFlag === 'is_xl' ? 'sdxl' : legacyFlag.slice(3)}`, 'key');
      else out.add('model.arch-missing', 'error', at('model'), 'no arch: ai-toolkit loads the model as Stable Diffusion 1.x', `add arch (${presetForModel(undefined, nameOrPath)?.arch ?? 'flux, qwen_image, zimage, flux2, chroma, sdxl …'})`);
    } else if (!isKnownArch(arch)) {
      const near = suggestValue(baseArch(arch), ARCHS);
      out.add('model.arch-unknown', 'error', at('model', 'arch'), `unknown arch '${arch}': ai-toolkit does not stop, it falls back to Stable Diffusion 1.x`, near ? `did you mean '${near}'?` : 'see lorapilot config presets');
    }
    const qtype = str(model.qtype);
    if (qtype && model.quantize !== true && parseQtype(qtype).ok && qtype.includes('|')) {
      out.add('model.qtype-unused', 'warning', at('model', 'qtype'), 'an accuracy-recovery qtype without quantize: true does nothing', 'add quantize: true');
    }
  }
  // Without arch the legacy is_* flags pick the class (config_modules.py:764-771); neither means SD 1.x.
  const flagArch = model && arch === undefined ? LEGACY_FLAGS.find(([flag]) => model[flag] === true)?.[1] : undefined;
  const effectiveArch = arch ?? flagArch;
  const legacy = effectiveArch ? isLegacyArch(effectiveArch) : true;
  const preset = presetForModel(effectiveArch, nameOrPath);
  const noise = str(train.noise_scheduler);
  if (noise !== undefined) {
    if (arch && !legacy) out.add('train.noise-scheduler-ignored', 'info', at('train', 'noise_scheduler'), `noise_scheduler does nothing for ${arch}: the model class brings its own train scheduler`, 'remove it', 'key');
    else if (!(SCHEDULERS as readonly string[]).includes(noise)) out.add('train.noise-scheduler', 'error', at('train', 'noise_scheduler'), `unknown noise_scheduler '${noise}'`, suggestValue(noise, SCHEDULERS) ? `did you mean '${suggestValue(noise, SCHEDULERS)}'?` : `use one of ${listOf(SCHEDULERS)}`);
  }
  const sampler = sample ? str(sample.sampler) : undefined;
  if (model && effectiveArch === undefined && (noise !== undefined || sampler !== undefined)) {
    out.add('model.scheduler-depends-on-arch', 'info', noise !== undefined ? at('train', 'noise_scheduler') : at('sample', 'sampler'), 'noise_scheduler and sample.sampler are read only by legacy archs (flux, sdxl, sd1 …); qwen_image, zimage, flux2, chroma and the other newer models ignore them', 'set model.arch; keep these keys only for legacy archs', 'key');
  }
  if (sampler !== undefined) {
    if (arch && !legacy) out.add('sample.sampler-ignored', 'info', at('sample', 'sampler'), `sample.sampler does nothing for ${arch}: the newer model classes never read it`, 'remove it', 'key');
    else if (!(SCHEDULERS as readonly string[]).includes(sampler)) out.add('sample.sampler', 'error', at('sample', 'sampler'), `unknown sampler '${sampler}'`, suggestValue(sampler, SCHEDULERS) ? `did you mean '${suggestValue(sampler, SCHEDULERS)}'?` : `use one of ${listOf(SCHEDULERS)}`);
  }

  // save
  const steps = numv(train.steps) ?? 1000;
  const saveEvery = save ? numv(save.save_every) ?? 1000 : 1000;
  const keep = save ? numv(save.max_step_saves_to_keep) ?? 5 : 5;
  if (save?.push_to_hub === true) {
    out.add('save.push-to-hub', 'warning', at('save', 'push_to_hub'), 'push_to_hub without HF_TOKEN in the environment opens an interactive login at the end of training, which hangs a headless run', 'launch with HF_TOKEN set (lorapilot train passes it), or remove push_to_hub');
    if (!str(save.hf_repo_id)) out.add('save.hf-repo', 'error', at('save', 'push_to_hub'), 'push_to_hub without hf_repo_id', 'add hf_repo_id: user/repo');
  }
  if (save && str(save.dtype) && ['fp16', 'float16', 'half'].includes(str(save.dtype)!) && dtype && ['bf16', 'bfloat16'].includes(dtype)) {
    out.add('save.dtype-fp16', 'info', at('save', 'dtype'), 'trained in bf16 but saved in fp16: large weights can overflow fp16', 'use save.dtype: bf16 (what the UI writes)');
  }
  const saves = savePoints(steps, saveEvery);
  if (saveEvery >= steps) {
    out.add('save.after-end', 'warning', save ? at('save', 'save_every') : base, `save_every ${fmt(saveEvery)} ≥ steps ${fmt(steps)}: only the final checkpoint is written, nothing to compare`, `set save_every to a tenth of the run or one epoch (e.g. ${fmt(Math.max(1, Math.ceil(steps / 10)))})`);
  } else if (saves.length > keep) {
    const lost = saves.slice(0, saves.length - keep);
    out.add('save.keep-too-low', 'warning', save?.max_step_saves_to_keep !== undefined ? at('save', 'max_step_saves_to_keep') : save ? at('save') : base, `${saves.length} step checkpoints but max_step_saves_to_keep ${keep}: the ones at steps ${lost.slice(0, 3).map(fmt).join(', ')}${lost.length > 3 ? ', …' : ''} are deleted during the run`, `set max_step_saves_to_keep: ${saves.length} to keep every checkpoint to test`);
  }

  // sample
  if (!sample) out.add('sample.missing', 'warning', base, 'no sample block: no sample images to judge the checkpoints by', 'add sample with the test prompts (lorapilot config build writes them)');
  else {
    const sampleEvery = numv(sample.sample_every) ?? 100;
    if (sampleEvery >= steps) out.add('sample.after-end', 'warning', at('sample', 'sample_every'), `sample_every ${fmt(sampleEvery)} ≥ steps ${fmt(steps)}: samples only at the start and the end`, `use save_every (${fmt(saveEvery)}) so samples pair with checkpoints`);
    else if (sampleEvery !== saveEvery && saveEvery % sampleEvery !== 0) {
      out.add('sample.unpaired', 'info', at('sample', 'sample_every'), `sample_every ${fmt(sampleEvery)} does not line up with save_every ${fmt(saveEvery)}: some checkpoints have no samples`, `set sample_every: ${fmt(saveEvery)}`);
    }
    const trigger = str(p.trigger_word);
    const prompts = promptsOf(sample);
    prompts.forEach(({ text, path }) => {
      if (/\[trigger\]/.test(text) && !trigger) out.add('sample.trigger-empty', 'warning', at('sample', ...path), "'[trigger]' in a sample prompt becomes '' because trigger_word is not set", 'set trigger_word, or write the trigger word out');
      else if (trigger && !/\[trigger\]/.test(text) && !containsWord(text, trigger)) {
        out.add('sample.no-trigger', 'warning', at('sample', ...path), `this prompt lacks the trigger '${trigger}': ai-toolkit does not add it to sample prompts, so the sample shows the base model`, `start the prompt with '${trigger}, ' or '[trigger], '`);
      }
      const flag = /(?:^|\s)--(\S*)/.exec(text);
      if (flag && !PROMPT_FLAGS.includes(flag[1])) out.add('sample.prompt-dashes', 'warning', at('sample', ...path), `'--' in a prompt starts inline flags: the prompt is cut at '--${flag[1]}'`, 'remove the double dash');
    });
    if (preset && !preset.usesNegative && typeof sample.neg === 'string' && sample.neg.trim() !== '') {
      out.add('sample.neg-unused', 'info', at('sample', 'neg'), `${preset.label} samples without CFG (guidance-distilled): the negative prompt has no effect`, 'remove neg');
    }
  }

  // logging: the monitor reads loss_log.db
  if (!logging || logging.use_ui_logger !== true) {
    out.add('logging.no-loss-db', 'warning', logging ? at('logging') : base, 'no loss_log.db: logging.use_ui_logger is off, so the loss is only in the console', 'add logging: {use_ui_logger: true, log_every: 1}');
  } else if (logging.log_every !== null && (numv(logging.log_every) ?? 100) > 1) {
    out.add('logging.sparse', 'info', at('logging', logging.log_every === undefined ? 'use_ui_logger' : 'log_every'), `loss is logged every ${numv(logging.log_every) ?? 100} steps (default 100)`, 'set log_every: 1 for a full loss curve');
  }

  // datasets
  if (datasets.length === 0) out.add('dataset.missing', 'error', base, 'no datasets', 'add one dataset entry per folder');
  const cacheTe = new Set<boolean>();
  let trigger = Boolean(str(p.trigger_word));
  datasets.forEach((d, j) => {
    if (!isObj(d)) return;
    const dp = at('datasets', j);
    const folder = str(d.folder_path) ?? str(d.dataset_path);
    if (!folder) out.add('dataset.path', 'error', dp, 'a dataset entry without folder_path', 'add folder_path');
    else {
      checkPath(folder, [...dp, d.folder_path !== undefined ? 'folder_path' : 'dataset_path'], 'folder_path', out, options);
      const m = /^(\d+)_(.+)$/.exec(posix.basename(folder.replace(/\/+$/, '')));
      if (m && Number(m[1]) > 0 && d.num_repeats === undefined) {
        out.add('dataset.kohya-prefix', 'error', [...dp, 'folder_path'], `'${posix.basename(folder)}' looks like a kohya folder, but ai-toolkit ignores the ${m[1]}_ prefix: every image is trained once per epoch, not ${m[1]} times`, `add num_repeats: ${m[1]}`);
      }
    }
    if (Array.isArray(d.resolution)) {
      const seen = new Set<unknown>();
      const dup = d.resolution.find((r) => (seen.has(r) ? true : (seen.add(r), false)));
      if (dup !== undefined) out.add('dataset.resolution-duplicate', 'warning', [...dp, 'resolution'], `resolution lists ${String(dup)} twice: each entry is a full copy of the folder, so every image trains twice per epoch at the same size`, `write resolution: [${[...new Set(d.resolution)].join(', ')}]`);
    }
    if (str(d.trigger_word)) trigger = true;
    cacheTe.add(d.cache_text_embeddings === true || train.cache_text_embeddings === true);
    if (typeof d.caption_ext === 'string' && !/^\.?[A-Za-z0-9]+$/.test(d.caption_ext)) {
      out.add('dataset.caption-ext', 'warning', [...dp, 'caption_ext'], `caption_ext '${d.caption_ext}' is not a file extension`, 'use caption_ext: txt');
    }
  });
  if (cacheTe.size > 1) out.add('dataset.cache-te-mixed', 'error', at('datasets'), 'cache_text_embeddings on some datasets but not others: ai-toolkit stops with a ValueError', 'set it on every dataset, or once as train.cache_text_embeddings');
  if (!trigger) out.add('process.no-trigger', 'warning', base, 'no trigger_word: captions are used as they are and nothing ties the character to a word', "add trigger_word (the word your captions start with)");

  // step math against the real epoch, when the dataset folders are known
  return epochMath(datasets, train, steps, saveEvery, keep, base, out, options);
}

function epochMath(datasets: unknown[], train: Obj, steps: number, saveEvery: number, keep: number, base: PathPart[], out: Collector, options: LintOptions): LintEpochMath | undefined {
  if (!options.datasetImages) return undefined;
  const bs = numv(train.batch_size) ?? 1;
  const ga = numv(train.gradient_accumulation) ?? 1;
  let imagesPerEpoch = 0;
  let batches = 0;
  for (const d of datasets) {
    if (!isObj(d) || d.is_reg === true) continue;
    const folder = str(d.folder_path) ?? str(d.dataset_path);
    if (!folder) continue;
    const images = options.datasetImages.get(posix.basename(folder.replace(/\/+$/, '')));
    if (images === undefined) return undefined;
    const repeats = numv(d.num_repeats) ?? 1;
    const flips = (d.flip_x === true ? 2 : 1) * (d.flip_y === true ? 2 : 1);
    const res = Array.isArray(d.resolution) ? d.resolution.length : 1;
    const items = images * repeats * flips;
    imagesPerEpoch += items * res;
    batches += res * Math.ceil(items / bs);
  }
  if (imagesPerEpoch === 0) return undefined;
  const stepsPerEpoch = Math.max(1, Math.ceil(batches / ga));
  // Kohya-style prefixes without num_repeats: show what the run is as written and as the guide means it.
  let prefixed = 0;
  let prefixedItems = 0;
  for (const d of datasets) {
    if (!isObj(d) || d.is_reg === true) continue;
    const folder = str(d.folder_path) ?? str(d.dataset_path) ?? '';
    const name = posix.basename(folder.replace(/\/+$/, ''));
    const images = options.datasetImages.get(name) ?? 0;
    const m = /^(\d+)_/.exec(name);
    const repeats = d.num_repeats === undefined && m ? Number(m[1]) : numv(d.num_repeats) ?? 1;
    if (d.num_repeats === undefined && m) prefixed++;
    const flips = (d.flip_x === true ? 2 : 1) * (d.flip_y === true ? 2 : 1);
    const res = Array.isArray(d.resolution) ? d.resolution.length : 1;
    prefixedItems += res * Math.ceil((images * repeats * flips) / bs);
  }
  if (prefixed > 0) {
    const withRepeats = Math.max(1, Math.ceil(prefixedItems / ga));
    out.add('train.steps-readings', 'info', [...base, 'train', 'steps'],
      `as written (prefixes ignored) one epoch is ${fmt(stepsPerEpoch)} steps, so steps ${fmt(steps)} = ${(steps / stepsPerEpoch).toFixed(2).replace(/\.00$/, '')} epochs; with num_repeats from the prefixes one epoch is ${fmt(withRepeats)} steps, so steps ${fmt(steps)} = ${(steps / withRepeats).toFixed(2).replace(/\.00$/, '')} epochs`,
      'add num_repeats, then choose steps = epochs × steps per epoch (lorapilot config build shows both)');
  }
  const epochs = steps / stepsPerEpoch;
  const trainPath = [...base, 'train', 'steps'];
  const e2 = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  if (epochs < 1) {
    out.add('train.under-one-epoch', 'warning', trainPath, `steps ${fmt(steps)} is ${e2(epochs)} of an epoch (${fmt(imagesPerEpoch)} images per epoch = ${fmt(stepsPerEpoch)} steps): part of the dataset is never trained`, `use steps: ${fmt(stepsPerEpoch)} for one epoch, or fewer repeats/resolutions`);
  } else if (epochs >= 5) {
    if (saveEvery % stepsPerEpoch !== 0) {
      out.add('save.not-epoch', 'info', [...base, 'save', 'save_every'], `save_every ${fmt(saveEvery)} is ${e2(saveEvery / stepsPerEpoch)} epochs (one epoch = ${fmt(stepsPerEpoch)} steps): checkpoints do not fall on epochs`, `set save_every: ${fmt(stepsPerEpoch)} to test epoch by epoch`);
    }
    const saves = savePoints(steps, saveEvery);
    const fromEpoch5 = saves.filter((k) => k >= 5 * stepsPerEpoch - 1).length;
    if (keep < fromEpoch5) {
      out.add('save.keep-epochs', 'warning', [...base, 'save'], `max_step_saves_to_keep ${keep} keeps fewer than the ${fromEpoch5} checkpoints from epoch 5 on, which the guide tests`, `set max_step_saves_to_keep: ${saves.length}`);
    }
  }
  return { imagesPerEpoch, stepsPerEpoch, totalSteps: steps, epochs };
}

function promptsOf(sample: Obj): Array<{ text: string; path: PathPart[] }> {
  const out: Array<{ text: string; path: PathPart[] }> = [];
  if (Array.isArray(sample.prompts)) sample.prompts.forEach((t, j) => typeof t === 'string' && out.push({ text: t, path: ['prompts', j] }));
  if (Array.isArray(sample.samples)) sample.samples.forEach((s, j) => isObj(s) && typeof s.prompt === 'string' && out.push({ text: s.prompt, path: ['samples', j, 'prompt'] }));
  return out;
}

function containsWord(text: string, word: string): boolean {
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${esc}([^A-Za-z0-9_]|$)`).test(text);
}

/** On RunPod only /workspace survives a pod stop; relative paths resolve inside /app/ai-toolkit (§9). */
function checkPath(path: string, at: PathPart[], key: string, out: Collector, options: LintOptions): void {
  if (options.target !== 'runpod') return;
  const norm = posix.normalize(path);
  if (norm === '/workspace' || norm.startsWith('/workspace/')) return;
  const where = path.startsWith('/') ? path : `/app/ai-toolkit/${path} (relative to the ai-toolkit folder)`;
  out.add('path.outside-workspace', 'error', at, `${key} '${path}' is ${where}: on RunPod only /workspace survives a pod stop${key === 'training_folder' ? ', so checkpoints are lost' : ''}`, `use a path under /workspace (e.g. /workspace/lorapilot/<project>/${key === 'training_folder' ? 'output' : 'dataset/<folder>'})`);
}
