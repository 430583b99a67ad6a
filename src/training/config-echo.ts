/**
 * The settings a failure's fix talks about, read from the process config ai-toolkit echoes at start
 * (BaseProcess prints it with json.dumps(indent=4) before the job banner), so a replayed log and a
 * live run name the same values: the ones the run really used.
 */
export interface ConfigFacts {
  model: string | null;
  arch: string | null;
  batchSize: number | null;
  resolution: number[] | null;
  quantize: boolean | null;
  lowVram: boolean | null;
  gradientCheckpointing: boolean | null;
  rank: number | null;
  lr: number | null;
  /** Reading the `"resolution": [` list, one number a line. */
  inResolution?: boolean;
}

export function emptyFacts(): ConfigFacts {
  return { model: null, arch: null, batchSize: null, resolution: null, quantize: null, lowVram: null, gradientCheckpointing: null, rank: null, lr: null };
}

const KEY = /^"([a-z_]+)":\s*(.*?),?$/;

/** One trimmed line of the echo. */
export function readEcho(f: ConfigFacts, text: string): void {
  if (f.inResolution) {
    if (text.startsWith(']')) f.inResolution = false;
    else if (/^\d+,?$/.test(text)) (f.resolution ??= []).push(parseInt(text, 10));
    return;
  }
  const m = KEY.exec(text);
  if (!m) return;
  const [, key, value] = m;
  const num = Number(value);
  const bool = value === 'true' ? true : value === 'false' ? false : null;
  const str = /^"(.*)"$/.exec(value)?.[1] ?? null;
  switch (key) {
    case 'name_or_path':
      f.model = str;
      break;
    case 'arch':
      f.arch = str;
      break;
    case 'batch_size':
      if (Number.isFinite(num)) f.batchSize = num;
      break;
    case 'resolution':
      if (value === '[') {
        f.resolution = [];
        f.inResolution = true;
      } else if (Number.isFinite(num)) f.resolution = [num];
      break;
    case 'quantize':
      f.quantize = bool;
      break;
    case 'low_vram':
      f.lowVram = bool;
      break;
    case 'gradient_checkpointing':
      f.gradientCheckpointing = bool;
      break;
    case 'linear':
      if (Number.isFinite(num)) f.rank = num;
      break;
    case 'lr':
      if (Number.isFinite(num)) f.lr = num;
      break;
  }
}
