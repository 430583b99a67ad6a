import { groupThousands } from './format.js';

/**
 * Every number a user gives lorapilot, with the range it may take: the same for a command-line option,
 * a value typed on a screen and a number in lorapilot.yaml. Wide on purpose (the config linter warns about
 * unusual values); the ends only refuse what cannot work: a run of 10^12 steps is written, never trained,
 * and a million seeds per checkpoint makes a test plan that does not fit in memory.
 */
export interface Bound {
  integer: boolean;
  min: number;
  max: number;
  /** What the number counts, for the message ("steps", "seeds"). */
  what: string;
}

export const BOUNDS = {
  // The training config (config build, the Config screen, lorapilot.yaml `config:`).
  rank: { integer: true, min: 1, max: 4096, what: 'LoRA rank' },
  alpha: { integer: false, min: 0.0001, max: 4096, what: 'LoRA alpha' },
  lr: { integer: false, min: 1e-9, max: 1, what: 'learning rate' },
  epochs: { integer: false, min: 0.01, max: 10_000, what: 'epochs' },
  steps: { integer: true, min: 1, max: 1_000_000, what: 'steps' },
  resolution: { integer: true, min: 64, max: 4096, what: 'pixels per side' },
  batchSize: { integer: true, min: 1, max: 256, what: 'images per batch' },
  gradientAccumulation: { integer: true, min: 1, max: 1024, what: 'batches per step' },
  captionDropout: { integer: false, min: 0, max: 1, what: 'caption dropout rate' },
  // Other numbers of an ai-toolkit config, as `config lint` reads them from a hand-written file.
  accumulationSteps: { integer: true, min: -1, max: 1024, what: 'loop iterations per step (-1: one epoch)' },
  stepInterval: { integer: true, min: 1, max: 1_000_000, what: 'steps between events' },
  startStep: { integer: true, min: 0, max: 1_000_000, what: 'step' },
  savesToKeep: { integer: true, min: 0, max: 10_000, what: 'checkpoints kept' },
  repeats: { integer: true, min: 1, max: 10_000, what: 'repeats per epoch' },
  workers: { integer: true, min: 0, max: 256, what: 'loader workers' },
  sampleSteps: { integer: true, min: 1, max: 1_000, what: 'sampling steps' },
  guidance: { integer: false, min: -100, max: 100, what: 'guidance scale' },
  multiplier: { integer: false, min: -100, max: 100, what: 'multiplier' },
  seedValue: { integer: true, min: -1, max: 4_294_967_295, what: 'seed' },
  frames: { integer: true, min: 1, max: 10_000, what: 'frames' },
  fps: { integer: false, min: 0.01, max: 1_000, what: 'frames per second' },
  fraction: { integer: false, min: 0, max: 1, what: 'fraction' },
  tokens: { integer: true, min: 0, max: 1_000, what: 'tokens' },
  scale: { integer: false, min: 0.01, max: 100, what: 'scale' },
  gradNorm: { integer: false, min: 0, max: 10_000, what: 'gradient norm' },
  // Checkpoint test plans.
  seeds: { integer: true, min: 1, max: 100, what: 'seeds per checkpoint' },
  strength: { integer: false, min: 0.01, max: 2, what: 'LoRA strength' },
  score: { integer: true, min: 1, max: 5, what: 'score' },
  // Auto-tagging.
  threshold: { integer: false, min: 0, max: 1, what: 'tag threshold' },
  threads: { integer: true, min: 1, max: 256, what: 'threads' },
  // Runs.
  epochSteps: { integer: true, min: 1, max: 1_000_000, what: 'steps per epoch' },
  waitSeconds: { integer: false, min: 0, max: 86_400, what: 'seconds' },
  byteOffset: { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER, what: 'byte offset' },
  // Pods rented through RunPod's API.
  diskGb: { integer: true, min: 1, max: 10_000, what: 'GB' },
  readySeconds: { integer: false, min: 1, max: 86_400, what: 'seconds' },
  pollMs: { integer: true, min: 10, max: 600_000, what: 'milliseconds' },
} as const satisfies Record<string, Bound>;

export type BoundName = keyof typeof BOUNDS;

export function withinBound(n: number, b: Pick<Bound, 'integer' | 'min' | 'max'>): boolean {
  return Number.isFinite(n) && (!b.integer || Number.isInteger(n)) && n >= b.min && n <= b.max;
}

/**
 * 1,000,000 and 0.000000001: thousands grouped, never an exponent. By hand, not toLocaleString: the project
 * schema builds these texts as it loads, and toLocaleString's first call loads ICU (~30 ms of every command).
 */
function figure(n: number): string {
  if (n === Number.MAX_SAFE_INTEGER) return String(n);
  const [int, frac = ''] = Math.abs(n).toFixed(10).split('.');
  const digits = frac.replace(/0+$/, '');
  return `${n < 0 ? '-' : ''}${groupThousands(int)}${digits ? `.${digits}` : ''}`;
}

/** "a whole number from 1 to 1,000,000". */
export function boundText(b: Pick<Bound, 'integer' | 'min' | 'max'>): string {
  return `${b.integer ? 'a whole number' : 'a number'} from ${figure(b.min)} to ${figure(b.max)}`;
}

/**
 * A number as typed (an option, a screen's field), checked against its bound. Decimal notation only (`1e-4`
 * is a learning rate, `0x10` and `Infinity` are refused), and `1e12` or 99999999999999999999 steps are out
 * of range rather than written.
 */
export function parseBounded(text: string, b: Bound): { ok: true; value: number } | { ok: false; message: string } {
  const t = text.trim();
  const n = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
  if (withinBound(n, b)) return { ok: true, value: n };
  const past = Number.isFinite(n) && (n > b.max || n < b.min);
  return { ok: false, message: `takes ${boundText(b)} (${b.what})${past ? `; ${t} is out of range` : `, not '${t}'`}` };
}
