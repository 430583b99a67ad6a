import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notificationBytes, notifyMode } from '../../../src/training/notify.js';
import { LogParser } from '../../../src/training/parser.js';
import { parseDf, parseNvidiaSmi } from '../../../src/training/probes.js';
import { RedFlagDetector } from '../../../src/training/red-flags.js';
import { RunModel } from '../../../src/training/run-model.js';

/** Deterministic noise in [-1, 1]. */
const noise = (k: number) => {
  const x = Math.sin(k * 12.9898) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
};

describe('red flags', () => {
  it('raises a spike on a loss far above the recent median, not on ordinary noise', () => {
    const d = new RedFlagDetector();
    const raised = [];
    for (let k = 0; k < 400; k++) raised.push(...d.onLoss(k, 0.3 + 0.05 * noise(k)));
    expect(raised).toEqual([]);
    const spike = d.onLoss(400, 2.5);
    expect(spike).toHaveLength(1);
    expect(spike[0]).toMatchObject({ kind: 'spike', severity: 'warning', step: 400 });
    expect(spike[0].advice).toMatch(/learning rate/);
  });

  it('raises an early plateau (guide §4.2) when the loss stops falling before step 1,000', () => {
    const flat = new RedFlagDetector();
    const got = [];
    for (let k = 0; k < 1000; k++) got.push(...flat.onLoss(k, 0.4 + 0.02 * noise(k)));
    expect(got.map((f) => f.kind)).toEqual(['plateau']);
    expect(got[0].advice).toMatch(/underfitting/);
    const falling = new RedFlagDetector();
    const none = [];
    for (let k = 0; k < 1000; k++) none.push(...falling.onLoss(k, 0.5 * Math.exp(-k / 300) + 0.1 + 0.01 * noise(k)));
    expect(none).toEqual([]);
  });

  it('raises a loss rising across the last epoch when the epoch length is known', () => {
    const d = new RedFlagDetector({ stepsPerEpoch: 100 });
    const got = [];
    for (let k = 0; k < 300; k++) got.push(...d.onLoss(k, (k < 200 ? 0.3 : 0.36) + 0.01 * noise(k)));
    expect(got.map((f) => f.kind)).toContain('rising');
    expect(got.find((f) => f.kind === 'rising')!.message).toMatch(/epoch 3/);
  });

  it('raises OOM skips, escalating when the run is about to abort', () => {
    const d = new RedFlagDetector();
    expect(d.onOom(1, 3, 12)[0]).toMatchObject({ kind: 'oom', severity: 'warning' });
    expect(d.onOom(2, 3, 13)).toEqual([]); // same flag updated, no new notification
    expect(d.onOom(3, 3, 14)[0]).toMatchObject({ kind: 'oom', severity: 'error' });
    expect(d.list()[0].message).toMatch(/3 batches skipped/);
  });

  it('raises steps suddenly several times slower', () => {
    const d = new RedFlagDetector();
    const got = [];
    for (let i = 0; i < 40; i++) got.push(...d.onRate(2 + 0.1 * noise(i), i));
    expect(got).toEqual([]);
    for (let i = 40; i < 50; i++) got.push(...d.onRate(0.4, i));
    expect(got.map((f) => f.kind)).toEqual(['slow']);
    expect(got[0].message).toMatch(/5\.\d× slower/);
  });

  it('raises VRAM near full, low disk and a run gone without an exit code', () => {
    const d = new RedFlagDetector();
    expect(d.onVram(30_000, 46_068)).toEqual([]);
    expect(d.onVram(45_000, 46_068)[0]).toMatchObject({ kind: 'vram' });
    expect(d.onDisk(50 * 1024 ** 3, 100 * 1024 ** 3, '/workspace')).toEqual([]);
    expect(d.onDisk(3 * 1024 ** 3, 100 * 1024 ** 3, '/workspace')[0]).toMatchObject({ kind: 'disk', severity: 'warning' });
    expect(d.onDisk(0.5 * 1024 ** 3, 100 * 1024 ** 3, '/workspace')[0]).toMatchObject({ kind: 'disk', severity: 'error' });
    expect(d.onRunGone()[0]).toMatchObject({ kind: 'died', severity: 'error' });
  });

  it('turns a NaN from the log into an error flag through the run model', () => {
    const m = new RunModel();
    const p = new LogParser();
    const flags = p.push(readFileSync(join(import.meta.dirname, '../../fixtures/logs/oom-nan.txt'))).flatMap((e) => m.apply(e));
    expect(flags.map((f) => f.kind)).toEqual(['oom', 'nan']);
    expect(m.snapshot().flags[0].kind).toBe('nan');
  });
});

describe('probes and notifications', () => {
  it('reads nvidia-smi and df output', () => {
    expect(parseNvidiaSmi('41234, 46068, 97\n')).toEqual({ usedMiB: 41234, totalMiB: 46068, utilization: 97 });
    expect(parseNvidiaSmi('NVIDIA-SMI has failed')).toBeNull();
    expect(parseDf('Filesystem 1024-blocks Used Available Capacity Mounted on\noverlay 104857600 99614720 5242880 95% /workspace\n', '/workspace')).toEqual({
      path: '/workspace',
      freeBytes: 5242880 * 1024,
      totalBytes: 104857600 * 1024,
    });
  });

  it('rings the bell or sends OSC 9 with a clean message', () => {
    expect(notificationBytes('bell', 'x')).toBe('\u0007');
    expect(notificationBytes('osc9', 'loss is NaN\u001b[31m; now')).toBe('\u001b]9;lorapilot: loss is NaN [31m  now\u0007');
    expect(notificationBytes('off', 'x')).toBe('');
    expect(notifyMode('nonsense')).toBe('bell');
    expect(notifyMode('osc9')).toBe('osc9');
  });
});
