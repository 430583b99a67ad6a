import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../src/pod/doctor.js';
import { doctorLines, doctorProgressSummary, doctorSummaryText } from '../../../src/pod/doctor-report.js';

const report = (fail: number): DoctorReport => ({
  target: 'root@203.0.113.7:22041',
  checks: [
    { id: 'gpu', label: 'GPU', status: 'ok', detail: 'NVIDIA L40S' },
    { id: 'hf', label: 'HF_TOKEN', status: fail > 0 ? 'fail' : 'warn', detail: 'not set', fix: 'export HF_TOKEN=…' },
  ],
  aiToolkit: '/app/ai-toolkit',
  python: null,
  summary: { ok: 1, warn: fail > 0 ? 0 : 1, fail },
});

describe('doctor report', () => {
  it('aligns every detail in one column and says what to do under it', () => {
    const [gpu, hf] = doctorLines(report(1));
    expect(gpu.text.indexOf('NVIDIA')).toBe(hf.text.indexOf('not set'));
    expect(gpu.fix).toBeNull();
    expect(hf.fix).toContain('export HF_TOKEN');
    expect(hf.detailColumn).toBe(hf.text.indexOf('not set'));
  });
  it('counts with plurals, and records the verdict with where it was found', () => {
    expect(doctorSummaryText({ ok: 5, warn: 1, fail: 0 })).toBe('5 ok, 1 warning, 0 failed');
    expect(doctorSummaryText({ ok: 5, warn: 2, fail: 1 })).toBe('5 ok, 2 warnings, 1 failed');
    expect(doctorProgressSummary(report(1))).toBe('doctor: 1 problem on root@203.0.113.7:22041');
    expect(doctorProgressSummary(report(0))).toBe('doctor ok on root@203.0.113.7:22041; next: lorapilot train');
  });
});
