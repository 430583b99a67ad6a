/**
 * Model presets with the values of reference/ai-toolkit.md §7 (ai-toolkit's example configs and the
 * UI's per-model defaults). Sampler and noise scheduler are set only for legacy-class archs: the newer
 * model classes bring their own train scheduler and never read `sample.sampler` (§3.5).
 */

/** GPU memory the run is planned for: the 48 GB L40S the guide rents, or a 24 GB card. */
export type VramTier = 48 | 24;
export const VRAM_TIERS: VramTier[] = [48, 24];

export interface PresetModel {
  quantize: boolean;
  qtype?: string;
  quantize_te?: boolean;
  qtype_te?: string;
  low_vram?: boolean;
  assistant_lora_path?: string;
  extras_name_or_path?: string;
  model_kwargs?: Record<string, unknown>;
}

export interface Preset {
  id: string;
  label: string;
  arch: string;
  nameOrPath: string;
  /** Gated on Hugging Face: accept the licence there and launch with HF_TOKEN in the environment. */
  gated: boolean;
  model(vram: VramTier): PresetModel;
  /** train.cache_text_embeddings: frees the text encoder after caching (needed on 24 GB for big TEs). */
  cacheTextEmbeddings(vram: VramTier): boolean;
  /** Only for legacy archs (flux, sdxl …). */
  noiseScheduler?: string;
  sampler?: string;
  timestepType?: string;
  guidanceScale: number;
  sampleSteps: number;
  /** The model samples with real CFG, so `sample.neg` is used. Guidance-distilled models ignore it. */
  usesNegative: boolean;
  rank: number;
  lr: number;
  /** Recommended total steps for a ~20-100 image character LoRA (§7). */
  steps: number;
  /** Bucket sizes round to this (§4). */
  divisibility: number;
  vramNote(vram: VramTier): string;
  notes: string[];
}

const QFLOAT8: PresetModel = { quantize: true, qtype: 'qfloat8', quantize_te: true, qtype_te: 'qfloat8' };

/** Qwen-Image and its 2512 release train alike; only the weights and the notes differ. */
const QWEN_IMAGE: Omit<Preset, 'id' | 'label' | 'nameOrPath' | 'vramNote' | 'notes'> = {
    arch: 'qwen_image',
    gated: false,
    // train_lora_qwen_image_24gb.yaml: 3-bit with an accuracy-recovery adapter, TE at qfloat8.
    model: (vram) =>
      vram === 24
        ? { quantize: true, qtype: 'uint3|ostris/accuracy_recovery_adapters/qwen_image_torchao_uint3.safetensors', quantize_te: true, qtype_te: 'qfloat8', low_vram: true }
        : { ...QFLOAT8 },
    cacheTextEmbeddings: () => true,
    timestepType: 'weighted',
    guidanceScale: 3,
    sampleSteps: 25,
    usesNegative: true,
    rank: 16,
    lr: 1e-4,
    steps: 2000,
    divisibility: 32,
};

export const PRESETS: Preset[] = [
  {
    id: 'flux1-dev',
    label: 'FLUX.1-dev',
    arch: 'flux',
    nameOrPath: 'black-forest-labs/FLUX.1-dev',
    gated: true,
    // train_lora_flux_24gb.yaml: quantize true (qfloat8); legacy FLUX quantizes T5 with qtype.
    model: (vram) => ({ quantize: true, qtype: 'qfloat8', ...(vram === 24 ? { low_vram: true } : {}) }),
    cacheTextEmbeddings: () => false,
    noiseScheduler: 'flowmatch',
    sampler: 'flowmatch',
    guidanceScale: 4,
    sampleSteps: 20,
    usesNegative: false,
    rank: 16,
    lr: 1e-4,
    steps: 2000,
    divisibility: 32,
    vramNote: (vram) =>
      vram === 48
        ? 'L40S 48 GB: comfortable at qfloat8 with bs 1 at 1024 (~30 GB); bs 2 fits.'
        : '24 GB: fits at qfloat8 with low_vram (the example config targets 24 GB); keep bs 1.',
    notes: ['Gated model: accept the licence on Hugging Face and launch with HF_TOKEN in the environment.'],
  },
  {
    ...QWEN_IMAGE,
    id: 'qwen-image',
    label: 'Qwen-Image',
    nameOrPath: 'Qwen/Qwen-Image',
    vramNote: (vram) =>
      vram === 48
        ? 'L40S 48 GB: qfloat8 transformer (~20 GB) + cached text embeddings; bs 1 at 1024 fits with room.'
        : '24 GB: needs uint3 + accuracy-recovery adapter, low_vram and cached text embeddings (all set).',
    notes: ['Text embeddings are cached once and the text encoder is unloaded before training (SDTrainer.py:351-374).'],
  },
  {
    ...QWEN_IMAGE,
    id: 'qwen-image-2512',
    label: 'Qwen-Image-2512',
    nameOrPath: 'Qwen/Qwen-Image-2512',
    vramNote: (vram) =>
      vram === 48
        ? 'L40S 48 GB: qfloat8 transformer + cached text embeddings; bs 1 at 1024 fits with room.'
        : '24 GB: uint3 + accuracy-recovery adapter (the Qwen-Image adapter), low_vram and cached text embeddings.',
    notes: ['UI arch qwen_image:2512; the 24 GB adapter is the one published for Qwen-Image.'],
  },
  {
    id: 'zimage-turbo',
    label: 'Z-Image Turbo',
    arch: 'zimage',
    nameOrPath: 'Tongyi-MAI/Z-Image-Turbo',
    gated: false,
    // options.tsx:659-682: the training adapter keeps the distilled model from breaking down.
    model: () => ({ ...QFLOAT8, low_vram: true, assistant_lora_path: 'ostris/zimage_turbo_training_adapter/zimage_turbo_training_adapter_v2.safetensors' }),
    cacheTextEmbeddings: () => false,
    timestepType: 'weighted',
    guidanceScale: 1,
    sampleSteps: 9,
    usesNegative: false,
    rank: 32,
    lr: 1e-4,
    steps: 3000,
    divisibility: 16,
    vramNote: (vram) =>
      vram === 48 ? 'L40S 48 GB: small model (6B); bs 2 fits at 1024.' : '24 GB: fits at qfloat8 with low_vram, bs 1.',
    notes: ['Samples run at guidance 1 with 9 steps (turbo); the assistant LoRA is unloaded for every sampling pass.'],
  },
  {
    id: 'zimage',
    label: 'Z-Image (base)',
    arch: 'zimage',
    nameOrPath: 'Tongyi-MAI/Z-Image',
    gated: false,
    model: () => ({ ...QFLOAT8, low_vram: true }),
    cacheTextEmbeddings: () => false,
    timestepType: 'weighted',
    guidanceScale: 4,
    sampleSteps: 30,
    usesNegative: true,
    rank: 32,
    lr: 1e-4,
    steps: 3000,
    divisibility: 16,
    vramNote: (vram) => (vram === 48 ? 'L40S 48 GB: bs 2 fits at 1024.' : '24 GB: fits at qfloat8 with low_vram, bs 1.'),
    notes: [],
  },
  {
    id: 'flux2-dev',
    label: 'FLUX.2-dev',
    arch: 'flux2',
    nameOrPath: 'black-forest-labs/FLUX.2-dev',
    gated: true,
    model: () => ({ ...QFLOAT8, low_vram: true, model_kwargs: { match_target_res: false } }),
    cacheTextEmbeddings: () => false,
    timestepType: 'weighted',
    guidanceScale: 4,
    sampleSteps: 30,
    usesNegative: false,
    rank: 32,
    lr: 1e-4,
    steps: 3000,
    divisibility: 16,
    vramNote: (vram) =>
      vram === 48
        ? 'L40S 48 GB: 32B transformer at qfloat8 with low_vram; bs 1 only, expect ~40 GB at 1024.'
        : '24 GB: not enough for FLUX.2-dev at qfloat8 (the transformer alone is ~32 GB); use a 48 GB card.',
    notes: ['Gated model: accept the licence on Hugging Face and launch with HF_TOKEN in the environment.'],
  },
  {
    id: 'chroma',
    label: 'Chroma',
    arch: 'chroma',
    nameOrPath: 'lodestones/Chroma1-Base',
    gated: false,
    model: () => ({ quantize: true, qtype: 'qfloat8' }),
    cacheTextEmbeddings: () => false,
    guidanceScale: 4,
    sampleSteps: 25,
    usesNegative: true,
    rank: 16,
    lr: 1e-4,
    steps: 2000,
    divisibility: 16,
    vramNote: (vram) => (vram === 48 ? 'L40S 48 GB: comfortable at qfloat8; bs 2 fits at 1024.' : '24 GB: fits at qfloat8, bs 1 (the example config targets 24 GB).'),
    notes: [],
  },
  {
    id: 'sdxl',
    label: 'SDXL',
    arch: 'sdxl',
    nameOrPath: 'stabilityai/stable-diffusion-xl-base-1.0',
    gated: false,
    model: () => ({ quantize: false }),
    cacheTextEmbeddings: () => false,
    noiseScheduler: 'ddpm',
    sampler: 'ddpm',
    guidanceScale: 6,
    sampleSteps: 30,
    usesNegative: true,
    rank: 32,
    lr: 1e-4,
    steps: 3000,
    divisibility: 8,
    vramNote: (vram) => (vram === 48 ? 'L40S 48 GB: no quantization needed; bs 4 fits at 1024.' : '24 GB: fits unquantized at bs 1-2.'),
    notes: [],
  },
];

export const DEFAULT_PRESET = 'flux1-dev';

export function findPreset(id: string | undefined): Preset | undefined {
  if (!id) return undefined;
  const k = id.toLowerCase().replace(/[\s._]/g, '-');
  return PRESETS.find((p) => p.id === k || p.label.toLowerCase().replace(/[\s._]/g, '-') === k);
}

/** The preset whose arch and model match a config's, for lint rules that depend on the model. */
export function presetForModel(arch: string | undefined, nameOrPath: string | undefined): Preset | undefined {
  const byPath = PRESETS.find((p) => p.nameOrPath === nameOrPath);
  if (byPath) return byPath;
  if (!arch) return undefined;
  const a = arch.split(':')[0];
  return PRESETS.find((p) => p.arch === a);
}
