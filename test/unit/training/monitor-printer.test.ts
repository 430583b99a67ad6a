import { describe, expect, it } from 'vitest';
import { ProgressPace } from '../../../src/training/monitor-printer.js';
import { eventNotice, flagNotice } from '../../../src/training/notify.js';
import { connectionText, runFailed, statusText } from '../../../src/training/status-text.js';

describe('what the monitor prints and rings', () => {
  it('paces progress lines: each 5 % of the run, after 30 s without one, and the last step', () => {
    let now = 0;
    const pace = new ProgressPace(() => now);
    const printed: number[] = [];
    for (let count = 0; count <= 1000; count++) {
      now += 10;
      if (pace.due(count, 1000)) printed.push(count);
    }
    expect(printed).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 600, 650, 700, 750, 800, 850, 900, 950, 1000]);
    // a slow run: a line every 30 s even within one 5 % bucket
    const slow = new ProgressPace(() => now);
    expect(slow.due(1, 1000)).toBe(true);
    now += 20_000;
    expect(slow.due(2, 1000)).toBe(false);
    now += 10_001;
    expect(slow.due(3, 1000)).toBe(true);
  });

  it('rings for a verdict and for warnings, not for a log that merely ends', () => {
    expect(eventNotice({ type: 'finished', exitCode: 0, source: 'exit-code' })).toBe('training finished');
    expect(eventNotice({ type: 'finished', exitCode: 1, source: 'log' })).toBe('training failed');
    expect(eventNotice({ type: 'finished', exitCode: null, source: 'log' })).toBeNull();
    const flag = { id: 'vram', kind: 'vram', step: null, message: 'VRAM nearly full', advice: '…' } as const;
    expect(flagNotice({ ...flag, severity: 'warning' })).toBe('VRAM nearly full');
    expect(flagNotice({ ...flag, severity: 'info' })).toBeNull();
  });

  it('words status and connection with a tone for the screen to colour', () => {
    expect(statusText({ status: 'failed', exitCode: 2, phase: 'training' })).toEqual({ text: '✖ failed (exit 2)', tone: 'error' });
    expect(statusText({ status: 'running', exitCode: null, phase: 'sampling' })).toEqual({ text: '● generating samples', tone: 'info' });
    expect(connectionText({ state: 'reconnecting', attempt: 2, inMs: 1600, reason: 'reset' }).text).toBe('◇ reconnecting in 2 s (try 2)');
    expect(runFailed({ status: 'died' })).toBe(true);
    expect(runFailed({ status: 'stopped' })).toBe(false);
  });
});
