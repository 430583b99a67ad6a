import { describe, expect, it } from 'vitest';
import { evaluateDoctor, parseDoctorOutput, runDoctor, setupCommand } from '../../../src/pod/doctor.js';
import { LocalTarget } from '../../../src/remote/local-target.js';
import { REHEARSAL_DIR } from '../../helpers/pod-project.js';

const L40S = [
  'nvsmi\tyes',
  'gpu\tNVIDIA L40S, 46068, 45521, 580.65.06',
  'df\t/workspace\t104857600\t209715200',
  'df\t/\t31457280\t52428800',
  'aitk\t/app/ai-toolkit\t0.12.26\t27a03a9\t/app/ai-toolkit/venv/bin/python\tPython 3.12.3\tyes',
  'python3\t/usr/bin/python3',
  'hf\t/root/.cache/huggingface/hub/models--black-forest-labs--FLUX.1-dev\tno',
  'hftoken\tno',
  'tool\tsetsid\tyes',
  'tool\ttmux\tyes',
  'tool\tgit\tyes',
  'tool\trunpodctl\tyes',
  'runpod\tabc123',
].join('\n');

describe('pod doctor', () => {
  it('reads a healthy L40S pod', () => {
    const r = evaluateDoctor(parseDoctorOutput(L40S), { model: 'black-forest-labs/FLUX.1-dev', localHfToken: true, stopPodWhenDone: true });
    const by = Object.fromEntries(r.checks.map((c) => [c.id, c]));
    expect(by.gpu).toMatchObject({ status: 'ok', detail: 'NVIDIA L40S, 44.5 GiB of 45.0 GiB free' });
    expect(by.driver.status).toBe('ok');
    expect(by['ai-toolkit']).toMatchObject({ status: 'ok', detail: '/app/ai-toolkit v0.12.26 (27a03a9)' });
    expect(by.python.status).toBe('ok');
    expect(by.weights.status).toBe('warn');
    expect(by['hf-token']).toMatchObject({ status: 'ok' });
    expect(by['stop-pod']).toMatchObject({ status: 'ok' });
    expect(r.aiToolkit).toBe('/app/ai-toolkit');
  });

  it('fails a gated model without a token, with the fix', () => {
    const r = evaluateDoctor(parseDoctorOutput(L40S), { model: 'black-forest-labs/FLUX.1-dev', localHfToken: false });
    expect(r.checks.find((c) => c.id === 'hf-token')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/export HF_TOKEN/) });
  });

  it('says cleanly that this machine has no GPU, and finds the configured ai-toolkit', async () => {
    const r = await runDoctor(new LocalTarget(), { aiToolkit: REHEARSAL_DIR, model: 'black-forest-labs/FLUX.1-dev', localHfToken: false });
    const gpu = r.checks.find((c) => c.id === 'gpu');
    expect(gpu?.status).toBe('fail');
    expect(gpu?.detail).toMatch(/no NVIDIA GPU/);
    expect(r.aiToolkit).toBe(REHEARSAL_DIR);
    expect(r.checks.find((c) => c.id === 'detach')?.status).toBe('ok');
    const rehearsal = await runDoctor(new LocalTarget(), { aiToolkit: REHEARSAL_DIR, localHfToken: false, rehearsal: true });
    expect(rehearsal.checks.find((c) => c.id === 'gpu')?.status).toBe('warn');
  });

  it('builds the setup command with the folder quoted', () => {
    const cmd = setupCommand("/workspace/my ai-toolkit's").text;
    expect(cmd).toContain("git clone --progress https://github.com/ostris/ai-toolkit.git '/workspace/my ai-toolkit'\\''s'");
    expect(cmd).toContain('python3 -m venv venv');
    expect(cmd).toContain('-r requirements.txt');
  });
});
