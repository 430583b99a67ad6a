import { describe, expect, it } from 'vitest';
import { projectStallMs } from '../../../src/training/job-options.js';
import { DEFAULT_STALL_MINUTES, stallFlag } from '../../../src/training/stall.js';
import { projectSchema } from '../../../src/project/schema.js';

const gpu = (utilization: number | null) => ({ usedMiB: 30000, totalMiB: 46068, utilization });
const base = { idleMs: 12 * 60_000, offset: 4096, phase: 'training', phaseDetail: null };

describe('a silent log of a live run', () => {
  it('is busy, hung or unknown by the GPU load', () => {
    const busy = stallFlag({ ...base, gpu: gpu(97) });
    expect(busy).toMatchObject({ kind: 'stall', severity: 'info', message: 'no new output for 12 min while the trainer is still running, GPU busy (97 %): training' });
    expect(busy.advice).toContain('Wait');
    const hung = stallFlag({ ...base, gpu: gpu(0) });
    expect(hung).toMatchObject({ severity: 'error', message: expect.stringContaining('GPU idle (0 %)') });
    expect(hung.advice).toContain('looks hung');
    expect(hung.advice).toContain('lorapilot stop');
    const unknown = stallFlag({ ...base, gpu: null });
    expect(unknown.message).toContain('GPU load unknown (no nvidia-smi on the target)');
    expect(unknown.severity).toBe('warning');
  });

  it('names a load that stalls and sampling that never ends', () => {
    const load = stallFlag({ ...base, phase: 'loading', phaseDetail: 'Loading transformer', gpu: gpu(0) });
    expect(load.advice).toContain('Loading transformer with no output: a model download or load that stalls');
    const sampling = stallFlag({ ...base, phase: 'sampling', phaseDetail: 'Generating baseline samples before training', gpu: gpu(99) });
    expect(sampling.message).toContain('GPU busy (99 %): Generating baseline samples before training');
    expect(sampling.advice).toContain('sample.sample_steps');
  });

  it('is a new flag for each silence, one per silence', () => {
    expect(stallFlag({ ...base, gpu: null }).id).not.toBe(stallFlag({ ...base, offset: 9000, gpu: null }).id);
  });
});

describe('how long a silence is allowed', () => {
  it('comes from lorapilot.yaml pod.stallMinutes, 10 minutes when unset', () => {
    const base = { name: 'maya', trigger: 'maya', dataset: 'dataset', progress: {} };
    expect(projectStallMs(projectSchema.parse({ ...base, pod: { host: 'gpu', stallMinutes: 25 } }))).toBe(25 * 60_000);
    expect(projectStallMs(projectSchema.parse(base))).toBe(DEFAULT_STALL_MINUTES * 60_000);
    expect(projectSchema.safeParse({ ...base, pod: { host: 'gpu', stallMinutes: -1 } }).success).toBe(false);
  });
});
