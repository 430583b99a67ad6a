/**
 * The values ai-toolkit accepts, as read from its source (reference/ai-toolkit.md §3).
 * Kept apart from the schema so the linter, presets and screens share one list.
 */

/** optimizer.py:12-110; compared case-insensitively. `dadaptation*` variants are matched by prefix. */
export const OPTIMIZERS = [
  'adamw', 'adam', 'adagrad', 'adafactor', 'lion',
  'adam8bit', 'adamw8bit', 'lion8bit', 'ademamix8bit',
  'adam8', 'adamw8',
  'prodigy', 'prodigy8bit',
  'dadaptation',
  'automagic', 'automagic2', 'automagic3', 'automagicexperiment',
] as const;

export function isOptimizer(value: string): boolean {
  const v = value.toLowerCase();
  return (OPTIMIZERS as readonly string[]).includes(v) || v.startsWith('dadaptation');
}

/** sampler.py:131-177: names for train.noise_scheduler and sample.sampler (legacy archs only). */
export const SCHEDULERS = [
  'ddim', 'ddpm', 'pndm', 'lms', 'k_lms', 'euler', 'k_euler', 'euler_a',
  'dpmsolver', 'dpmsolver++', 'k_dpmsolver', 'k_dpmsolver++', 'dpmsingle',
  'heun', 'dpm_2', 'dpm_2_a', 'lcm', 'custom_lcm', 'mean_flow', 'flowmatch',
] as const;

/** custom_flowmatch_sampler.py:116-219 and BaseSDTrainProcess.py:1199-1271. */
export const TIMESTEP_TYPES = [
  'linear', 'weighted', 'sigmoid', 'shift', 'flux_shift', 'lumina2_shift', 'lognorm_blend',
  'next_sample', 'one_step', 'two_step', 'four_step', 'eight_step',
] as const;

/** scheduler.py; other names are tried as a diffusers SchedulerType, of which these exist. */
export const LR_SCHEDULERS = [
  'cosine', 'cosine_with_restarts', 'step', 'constant', 'linear', 'constant_with_warmup',
  'polynomial', 'piecewise_constant', 'cosine_with_min_lr', 'warmup_stable_decay',
] as const;

/** get_torch_dtype (train_tools.py:37-49); anything else is passed through unchanged and fails later. */
export const DTYPES = [
  'float', 'fp32', 'single', 'float32',
  'fp16', 'half', 'float16',
  'bf16', 'bfloat16',
  '8bit', 'e4m3fn', 'float8',
] as const;
export const FULL_PRECISION_DTYPES = ['float', 'fp32', 'single', 'float32'];

/** util/quantize.py:42-74, ostris_quant.py:185-208, optimum-quanto 0.2.4 qtypes. */
export const QTYPES = [
  'qfloat8', 'qfloat8_e4m3fn', 'qfloat8_e5m2', 'qint2', 'qint4', 'qint8',
  'int8', 'float8',
  'uint2', 'uint3', 'uint4', 'uint5', 'uint6', 'uint7', 'uint8',
  'convrot4', 'convrot8', 'convrotbitnet', 'convrotcomfyw4a4',
  'convrotint2', 'convrotint3', 'convrotint4', 'convrotint5', 'convrotint6', 'convrotint7', 'convrotint8',
  'nvfp4',
  'orbit2', 'orbit3', 'orbit4', 'orbitvq2', 'orbitvq3', 'orbitvq4',
] as const;

/**
 * A qtype, or the accuracy-recovery form `uint3|<adapter>.safetensors` (config_modules.py:742-743). The adapter
 * is a file on the pod when it exists there, else a Hub path `owner/repo/file.safetensors` (util/quantize.py:281-300).
 * The UI also writes '' for "no quantization type".
 */
export function parseQtype(value: string): { ok: true; base: string; adapter?: string; adapterOnHub?: boolean } | { ok: false; base: string; reason: string } {
  if (value === '') return { ok: true, base: '' };
  const bar = value.indexOf('|');
  const base = bar >= 0 ? value.slice(0, bar) : value;
  if (!(QTYPES as readonly string[]).includes(base)) return { ok: false, base, reason: `'${base}' is not a qtype ai-toolkit knows` };
  if (bar < 0) return { ok: true, base };
  const adapter = value.slice(bar + 1);
  if (!/^\S+\.safetensors$/.test(adapter)) {
    return { ok: false, base, reason: `the accuracy-recovery adapter '${adapter}' is not a .safetensors file (a path on the pod or 'owner/repo/file.safetensors' on the Hub)` };
  }
  return { ok: true, base, adapter, adapterOnHub: /^[^/\s]+\/[^/\s]+\/[^/\s]+\.safetensors$/.test(adapter) };
}

/** Archs of the legacy StableDiffusion class: the only ones that read noise_scheduler and sampler (§3.5). */
export const LEGACY_ARCHS = ['sd1', 'sd2', 'sd3', 'sdxl', 'pixart', 'pixart_sigma', 'auraflow', 'flux', 'flex1', 'lumina2', 'vega', 'ssd'] as const;

/** Newer model classes (extensions_built_in/diffusion_models): they bring their own train scheduler. */
export const MODERN_ARCHS = [
  'wan21', 'wan21_i2v', 'cogview4', 'chroma', 'chroma_radiance', 'hidream', 'hidream_e1', 'hidream_o1', 'f-lite',
  'omnigen2', 'flux_kontext', 'wan22_5b', 'wan22_14b', 'wan22_14b_i2v', 'qwen_image', 'qwen_image_edit',
  'qwen_image_edit_plus', 'flux2', 'flux2_klein_4b', 'flux2_klein_9b', 'zimage', 'zimage_l2p', 'ltx2', 'ltx2.3',
  'ltx2.5', 'zeta_chroma', 'ernie_image', 'nucleus_image', 'anima', 'ideogram4', 'prx_pixel', 'krea2', 'boogu_image',
  'boogu_image_edit', 'mageflow', 'mageflow_edit', 'minimax_h3', 'minimax_h3_ref2va', 'flex2', 'ace_step_15',
  'ace_step_15_xl',
] as const;

export const ARCHS = [...LEGACY_ARCHS, ...MODERN_ARCHS] as const;

/** `zimage:turbo` → `zimage`, `flex1` → `flux` (config_modules.py:764-771). */
export function baseArch(arch: string): string {
  const a = arch.includes(':') ? arch.slice(0, arch.indexOf(':')) : arch;
  return a === 'flex1' ? 'flux' : a;
}

export function isKnownArch(arch: string): boolean {
  return (ARCHS as readonly string[]).includes(baseArch(arch));
}

export function isLegacyArch(arch: string): boolean {
  return (LEGACY_ARCHS as readonly string[]).includes(baseArch(arch));
}

export const NETWORK_TYPES = ['lora', 'locon', 'lycoris', 'lorm', 'lokr'] as const;
export const LOSS_TYPES = ['mse', 'mae', 'wavelet', 'pixelspace', 'mean_flow', 'pseudo_huber', 'stepped'] as const;
export const CONTENT_OR_STYLE = ['balanced', 'style', 'content'] as const;
export const SAVE_FORMATS = ['safetensors', 'diffusers'] as const;
export const SAMPLE_FORMATS = ['jpg', 'jpeg', 'png', 'webp'] as const;
export const JOB_TYPES = ['extract', 'train', 'mod', 'generate', 'extension'] as const;

/** Process types for `job: extension` (toolkit/extension.py:94-124). */
export const TRAINER_TYPES = ['sd_trainer', 'diffusion_trainer', 'ui_trainer', 'textual_inversion_trainer'] as const;
export const OTHER_PROCESS_TYPES = [
  'concept_slider', 'ultimate_slider_trainer', 'image_reference_slider_trainer', 'concept_replacer',
  'reference_generator', 'pure_lora_generator', 'batch_img2img',
  'dataset_tools', 'sync_from_collection', 'super_tagger',
  'AceStepCaptioner', 'Qwen3VLCaptioner', 'Qwen3OmniCaptioner', 'Ideogram4Captioner',
] as const;
