import { copyFile, mkdir, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexCheckpoints } from '../../../src/checkpoints/checkpoint-index.js';
import { buildSafetensors } from '../../../src/ai-toolkit/safetensors.js';
import { epochAtStep, finalStep, samplesByStep } from '../../../src/checkpoints/pairing.js';
import { LocalTarget } from '../../../src/remote/local-target.js';
import { tempDir } from '../../helpers/tmp.js';
import { checkpointBytes, makeJobOutput } from './fixture.js';

const target = new LocalTarget();

describe('checkpoint index', () => {
  it('lists checkpoints by step with their samples, epoch, size and loss', async () => {
    const root = await tempDir();
    const job = await makeJobOutput(root, { steps: [250, 500, 750], finalStep: 1000, prompts: 3, stepsPerEpoch: 250 });
    const idx = await indexCheckpoints({
      target,
      folder: job.folder,
      jobName: job.name,
      stepsPerEpoch: 250,
      marked: [500],
      chosen: 750,
      lossAt: (s) => 0.5 - s / 10_000,
    });
    expect(idx.checkpoints.map((c) => [c.step, c.final, c.stepSource])).toEqual([
      [250, false, 'name'],
      [500, false, 'name'],
      [750, false, 'name'],
      [1000, true, 'header'],
    ]);
    const c500 = idx.checkpoints[1];
    expect(c500.headerStep).toBe(500);
    expect(c500.epoch).toBe(2);
    expect(c500.epochSource).toBe('header');
    expect(c500.marked).toBe(true);
    expect(c500.loss).toBeCloseTo(0.45);
    expect(c500.where).toBe('pod');
    expect(c500.samples.map((s) => [s.step, s.index])).toEqual([
      [500, 0],
      [500, 1],
      [500, 2],
    ]);
    expect(idx.checkpoints[2].chosen).toBe(true);
    expect(idx.checkpoints[3].samples).toHaveLength(3);
    expect(idx.promptCount).toBe(3);
    expect(idx.findings).toEqual([]);
  });

  it('pairs the final checkpoint with the last sample step when its header has no training_info', async () => {
    const root = await tempDir();
    const job = await makeJobOutput(root, { steps: [250, 500], finalStep: 600 });
    await writeFile(join(job.folder, `${job.name}.safetensors`), buildSafetensors({ format: 'pt' }));
    const idx = await indexCheckpoints({ target, folder: job.folder, jobName: job.name });
    const final = idx.checkpoints.find((c) => c.final)!;
    expect(final.step).toBe(600);
    expect(final.stepSource).toBe('samples');
    expect(idx.findings.map((f) => f.rule)).toContain('checkpoints.no-training-info');
  });

  it('reports a checkpoint still being written, a renamed one and foreign files as findings, not crashes', async () => {
    const root = await tempDir();
    const job = await makeJobOutput(root, { steps: [250, 500, 750], finalStep: null });
    await truncate(join(job.folder, 'maya_v1_000000750.safetensors'), 300);
    await copyFile(join(job.folder, 'maya_v1_000000250.safetensors'), join(job.folder, 'maya_v1_000000300.safetensors'));
    await writeFile(join(job.folder, 'maya_v1_000000250_high_noise.safetensors'), checkpointBytes(250, 0));
    await writeFile(join(job.folder, 'maya_v1_000001000.safetensors'), Buffer.from('garbage'));
    const idx = await indexCheckpoints({ target, folder: job.folder, jobName: job.name });
    const rules = idx.findings.map((f) => `${f.rule}:${f.files[0]}`);
    expect(rules).toContain('checkpoints.bad-header:maya_v1_000000750.safetensors');
    expect(rules).toContain('checkpoints.bad-header:maya_v1_000001000.safetensors');
    expect(rules).toContain('checkpoints.step-mismatch:maya_v1_000000300.safetensors');
    expect(rules).toContain('checkpoints.unrecognised:maya_v1_000000250_high_noise.safetensors');
    const bad = idx.checkpoints.find((c) => c.step === 750)!;
    expect(bad.header).toBe('bad');
    expect(idx.findings.find((f) => f.files[0] === 'maya_v1_000000750.safetensors')?.data).toEqual({ code: 'truncated' });
  });

  it('shows local state: downloaded, partial, differing, and local-only files removed from the pod', async () => {
    const root = await tempDir();
    const job = await makeJobOutput(root, { steps: [250, 500, 750, 1000], finalStep: null });
    const loras = join(root, 'loras');
    await mkdir(loras);
    await copyFile(join(job.folder, 'maya_v1_000000250.safetensors'), join(loras, 'maya_v1_000000250.safetensors'));
    await writeFile(join(loras, 'maya_v1_000000500.safetensors.part'), Buffer.alloc(100));
    await writeFile(join(loras, 'maya_v1_000000750.safetensors'), Buffer.alloc(100));
    await writeFile(join(loras, 'maya_v1_000000100.safetensors'), checkpointBytes(100, 0));
    const idx = await indexCheckpoints({ target, folder: job.folder, jobName: job.name, localDir: loras });
    const where = Object.fromEntries(idx.checkpoints.map((c) => [c.step, c.where]));
    expect(where).toEqual({ 100: 'local', 250: 'both', 500: 'partial', 750: 'differs', 1000: 'pod' });
    expect(idx.checkpoints.find((c) => c.step === 500)!.localBytes).toBe(100);
    expect(idx.checkpoints.find((c) => c.step === 100)!.remotePath).toBeNull();
  });

  it('says what is wrong when the output folder does not exist', async () => {
    const root = await tempDir();
    const idx = await indexCheckpoints({ target, folder: join(root, 'nope'), jobName: 'maya_v1' });
    expect(idx.checkpoints).toEqual([]);
    expect(idx.findings[0]).toMatchObject({ rule: 'checkpoints.no-output', severity: 'error' });
  });

  it('notes samples whose checkpoint was deleted by max_step_saves_to_keep', async () => {
    const root = await tempDir();
    const job = await makeJobOutput(root, { steps: [500, 750], finalStep: null, sampleSteps: [0, 250, 500, 750] });
    await rm(join(job.folder, 'optimizer.pt'));
    const idx = await indexCheckpoints({ target, folder: job.folder, jobName: job.name });
    expect(idx.findings.find((f) => f.rule === 'checkpoints.samples-without-checkpoint')?.data).toEqual({ steps: [250] });
    expect(idx.sampleSteps.map((s) => s.step)).toEqual([0, 250, 500, 750]);
  });
});

describe('pairing rules', () => {
  it('keeps the newest sample when a restarted run wrote the same step twice', () => {
    const m = samplesByStep([
      { name: '1000__000000250_0.jpg', size: 1, mtimeMs: 0 },
      { name: '2000__000000250_0.jpg', size: 2, mtimeMs: 0 },
      { name: '1500__000000250_10.jpg', size: 3, mtimeMs: 0 },
      { name: '1500__000000250_2.jpg', size: 3, mtimeMs: 0 },
      { name: 'notes.txt', size: 3, mtimeMs: 0 },
    ]);
    expect(m.get(250)!.map((s) => [s.index, s.timeMs])).toEqual([
      [0, 2000],
      [2, 1500],
      [10, 1500],
    ]);
  });

  it('resolves the final step from header, samples, then config', () => {
    expect(finalStep({ headerStep: 3000, numberedSteps: [2750], sampleSteps: [3000], totalSteps: 3000 })).toEqual({ step: 3000, source: 'header' });
    expect(finalStep({ headerStep: null, numberedSteps: [2750], sampleSteps: [0, 2750, 3000] })).toEqual({ step: 3000, source: 'samples' });
    expect(finalStep({ headerStep: null, numberedSteps: [2750], sampleSteps: [2750], totalSteps: 3000 })).toEqual({ step: 3000, source: 'config' });
    expect(finalStep({ headerStep: null, numberedSteps: [], sampleSteps: [] })).toEqual({ step: null, source: null });
  });

  it('counts completed epochs from the step (checkpoint k holds k+1 updates)', () => {
    expect(epochAtStep(339, 340)).toBe(1);
    expect(epochAtStep(340, 340)).toBe(1);
    expect(epochAtStep(338, 340)).toBe(0);
    expect(epochAtStep(100, undefined)).toBeNull();
  });

  it('strips control sequences from the text it takes from the pod (sample prompts, file names)', async () => {
    const root = await tempDir();
    const job = await makeJobOutput(root, { steps: [250], finalStep: null, prompts: 1 });
    await writeFile(join(job.folder, 'config.yaml'), 'config:\n  process:\n    - sample:\n        prompts: ["maya_char \\e[2Jportrait"]\n');
    await writeFile(join(job.folder, 'other\u001b[31m.safetensors'), 'x');
    const idx = await indexCheckpoints({ target, folder: job.folder, jobName: job.name });
    expect(idx.prompts).toEqual(['maya_char portrait']);
    const unrecognised = idx.findings.find((f) => f.rule === 'checkpoints.unrecognised');
    expect(unrecognised?.message).toContain('(e.g. other.safetensors)');
  });
});
