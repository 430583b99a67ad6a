import { sectionKeys, SECTIONS, type SectionName } from './schema.js';

/**
 * "Did you mean" for keys ai-toolkit would silently ignore (reference/ai-toolkit.md §3, §3.9).
 * First a table of keys people really write (from kohya, diffusers scripts and the guide), then a key of
 * the same name in another section, then the nearest key by edit distance.
 */

export interface KeySuggestion {
  /** What to write instead, as a path relative to the process (`model.qtype`, `train.steps`). */
  instead: string;
  /** One line: why, and what to do. */
  fix: string;
  /** A table entry (a known mistake) rather than a guess. */
  known: boolean;
}

interface WrongKey {
  keys: string[];
  /** Sections where the key is wrong; '*' anywhere. */
  in: SectionName[] | '*';
  instead: string;
  fix: string;
}

const WRONG_KEYS: WrongKey[] = [
  { keys: ['quantize_dtype', 'quantization', 'quant_type', 'quantize_type'], in: '*', instead: 'model.quantize + model.qtype',
    fix: "not an ai-toolkit key: write 'quantize: true' and 'qtype: qfloat8' (and quantize_te/qtype_te for the text encoder)" },
  { keys: ['flip', 'flip_aug', 'hflip', 'random_flip'], in: '*', instead: 'datasets[].flip_x',
    fix: "the key is 'flip_x' (or 'flip_y'); note each flip doubles the images per epoch" },
  { keys: ['ext', 'extension', 'image_format', 'sample_format'], in: ['sample', 'sampleItem'], instead: 'sample.format',
    fix: "the key is 'format' (jpg, png or webp)" },
  { keys: ['epochs', 'num_epochs', 'max_train_epochs', 'epoch', 'train_epochs'], in: '*', instead: 'train.steps',
    fix: 'ai-toolkit has no epoch setting: set train.steps = epochs × steps per epoch (lorapilot config build does the math)' },
  { keys: ['max_train_steps', 'num_train_steps', 'total_steps', 'train_steps', 'max_steps'], in: '*', instead: 'train.steps',
    fix: "the training length is 'train.steps'" },
  { keys: ['network_alpha', 'lora_alpha'], in: '*', instead: 'network.linear_alpha',
    fix: "the key is 'linear_alpha'; without it alpha is 1, not the rank" },
  { keys: ['network_dim', 'lora_rank', 'dim'], in: '*', instead: 'network.linear',
    fix: "the rank is 'linear' (or its alias 'rank')" },
  { keys: ['lr_warmup_steps', 'warmup_steps', 'num_warmup_steps'], in: ['train', 'process'], instead: 'train.lr_scheduler_params.num_warmup_steps',
    fix: "write 'lr_scheduler: constant_with_warmup' and 'lr_scheduler_params: {num_warmup_steps: N}'" },
  { keys: ['seed'], in: ['train', 'process'], instead: 'training_seed (process) or sample.seed',
    fix: "use 'training_seed' at process level for training, 'sample.seed' for samples" },
  { keys: ['learning_rate', 'unet_learning_rate', 'learningrate'], in: '*', instead: 'train.lr',
    fix: "the key is 'lr'; left out, lr is 1e-6 and the LoRA learns almost nothing" },
  { keys: ['save_every_n_steps', 'save_steps', 'checkpoint_every'], in: '*', instead: 'save.save_every',
    fix: "the key is 'save.save_every' (in steps)" },
  { keys: ['save_every_n_epochs'], in: '*', instead: 'save.save_every',
    fix: "there are no epochs: 'save.save_every' takes steps (steps per epoch × N)" },
  { keys: ['sample_every_n_steps', 'sample_steps_every'], in: '*', instead: 'sample.sample_every',
    fix: "the key is 'sample.sample_every' (in steps)" },
  { keys: ['caption_extension'], in: ['dataset'], instead: 'datasets[].caption_ext', fix: "the key is 'caption_ext'" },
  { keys: ['repeats', 'num_repeat', 'n_repeats', 'repeat'], in: '*', instead: 'datasets[].num_repeats',
    fix: "the key is 'num_repeats' on each dataset entry" },
  { keys: ['mixed_precision', 'precision'], in: '*', instead: 'train.dtype', fix: "write 'train.dtype: bf16'" },
  { keys: ['save_precision', 'save_dtype'], in: '*', instead: 'save.dtype', fix: "write 'save.dtype: bf16'" },
  { keys: ['train_batch_size'], in: '*', instead: 'train.batch_size', fix: "the key is 'train.batch_size'" },
  { keys: ['negative_prompt', 'negative'], in: ['sample', 'sampleItem'], instead: 'sample.neg',
    fix: "sampling reads 'neg'; 'negative_prompt' is a train-side key" },
  { keys: ['trigger', 'trigger_words', 'instance_prompt', 'token'], in: ['process', 'dataset'], instead: 'trigger_word',
    fix: "the key is 'trigger_word'" },
  { keys: ['pretrained_model_name_or_path', 'model_path', 'base_model', 'path'], in: ['model'], instead: 'model.name_or_path',
    fix: "the key is 'name_or_path'" },
  { keys: ['cfg', 'cfg_scale', 'guidance'], in: ['sample', 'sampleItem'], instead: 'sample.guidance_scale',
    fix: "the key is 'guidance_scale'" },
  { keys: ['steps', 'num_inference_steps', 'inference_steps'], in: ['sample', 'sampleItem'], instead: 'sample.sample_steps',
    fix: "the key is 'sample_steps'" },
  { keys: ['output_dir', 'output_folder', 'output_path'], in: ['process'], instead: 'training_folder',
    fix: "the key is 'training_folder'; the run lands in training_folder/<name>" },
  { keys: ['train_data_dir', 'image_dir', 'data_dir', 'path'], in: ['dataset'], instead: 'datasets[].folder_path',
    fix: "the key is 'folder_path'" },
  { keys: ['poi'], in: '*', instead: '(nothing)',
    fix: "'poi' is deprecated and rejected by ai-toolkit (config_modules.py:999-1000): remove it" },
  { keys: ['ema', 'use_ema', 'ema_decay'], in: ['train'], instead: 'train.ema_config',
    fix: "EMA is set with 'ema_config: {use_ema: true, ema_decay: 0.99}'" },
];

/** Where a key that is valid somewhere else belongs, written for the user. */
const SECTION_PATH: Record<SectionName, string> = {
  top: '', config: 'config', process: 'the process', network: 'network', save: 'save', dataset: 'datasets[]',
  train: 'train', ema: 'train.ema_config', model: 'model', sample: 'sample', sampleItem: 'sample.samples[]', logging: 'logging',
};

export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let prevPrev: number[] = [];
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      // Transposition (Damerau): 'sampel' → 'sample' is one slip, not two.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2] + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** The nearest candidate within a distance that scales with the word (1 for short keys, up to 3). */
export function nearest(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(w.length / 4)));
  let best: string | null = null;
  let bestD = limit + 1;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), limit);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

export function suggestKey(key: string, section: SectionName): KeySuggestion | null {
  const k = key.toLowerCase();
  for (const w of WRONG_KEYS) {
    if (w.keys.includes(k) && (w.in === '*' || w.in.includes(section))) return { instead: w.instead, fix: w.fix, known: true };
  }
  const own = sectionKeys(section);
  const exactCase = own.find((o) => o.toLowerCase() === k);
  if (exactCase) return { instead: exactCase, fix: `keys are case-sensitive: write '${exactCase}'`, known: true };
  for (const other of Object.keys(SECTIONS) as SectionName[]) {
    if (other === section || other === 'top' || other === 'config') continue;
    if (sectionKeys(other).includes(key)) {
      return { instead: `${SECTION_PATH[other]}.${key}`, fix: `'${key}' is read under ${SECTION_PATH[other]}, not here: move it`, known: true };
    }
  }
  const near = nearest(key, own);
  if (near) return { instead: near, fix: `did you mean '${near}'?`, known: false };
  for (const other of Object.keys(SECTIONS) as SectionName[]) {
    if (other === section || other === 'top' || other === 'config') continue;
    const n = nearest(key, sectionKeys(other));
    if (n) return { instead: `${SECTION_PATH[other]}.${n}`, fix: `did you mean '${n}' under ${SECTION_PATH[other]}?`, known: false };
  }
  return null;
}

/** "Did you mean" for a value of an enumerated setting (optimizer, qtype, arch …). */
export function suggestValue(value: string, allowed: readonly string[]): string | null {
  return nearest(value, allowed);
}
