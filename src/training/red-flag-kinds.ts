import { z } from 'zod';

/** The kinds of red flag, their JSON form (a `flag` line of `lorapilot monitor --json`), and the detectors' thresholds. */
export const FLAG_KINDS = ['nan', 'spike', 'plateau', 'rising', 'oom', 'slow', 'vram', 'disk', 'died', 'failed', 'log', 'stall'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const redFlagSchema = z.strictObject({
  /** Stable per occurrence group: a later observation of the same problem updates the flag. */
  id: z.string(),
  kind: z.enum(FLAG_KINDS),
  severity: z.enum(['error', 'warning', 'info']),
  step: z.number().int().nullable(),
  message: z.string(),
  advice: z.string(),
});
export type RedFlag = z.infer<typeof redFlagSchema>;

export interface FlagOptions {
  /** Robust z-score (median/MAD over the window) above which a loss is a spike. */
  spikeZ?: number;
  spikeWindow?: number;
  /** guide §4.2: a plateau before this step means underfitting. */
  plateauBefore?: number;
  /** Relative drop between two consecutive 200-step windows below which the loss counts as flat. */
  plateauTolerance?: number;
  /** Steps this many times slower than the recent median raise a flag. */
  slowFactor?: number;
  vramFraction?: number;
  /** Free bytes on /workspace below which a flag is raised (an error below a fifth of it). */
  diskMinBytes?: number;
  /** Steps per epoch, to judge "rising across the last epoch"; unknown → not judged. */
  stepsPerEpoch?: number | null;
}

export const FLAG_DEFAULTS = {
  spikeZ: 5,
  spikeWindow: 100,
  plateauBefore: 1000,
  plateauTolerance: 0.01,
  slowFactor: 3,
  vramFraction: 0.95,
  diskMinBytes: 5 * 1024 ** 3,
};
