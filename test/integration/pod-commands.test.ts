import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../bin/main.js';
import { loadProject } from '../../src/project/index.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** The commands run as a script would, with the test's extra environment on top of this one. */
function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  return runCli(args, cwd, { ...process.env, ...env });
}

describe('pod commands on this machine (pod.target: local, rehearsal trainer)', () => {
  it('doctor, upload, train, attach by offset, refuse a second launch, stop', async () => {
    const dir = await tempDir('lorapilot-cmd-');
    await makePodProject(dir, { steps: 400 });
    await writeFile(join(dir, 'lorapilot.yaml'), (await readFile(join(dir, 'lorapilot.yaml'), 'utf8')) + `pod:\n  target: local\n  root: ${join(dir, '.pod')}\n  aiToolkit: ${REHEARSAL_DIR}\ndemo: true\n`);

    const doctor = await cli(dir, ['pod', 'doctor', '--json']);
    const report = JSON.parse(doctor.out) as { checks: Array<{ id: string; status: string }> };
    expect(report.checks.find((c) => c.id === 'gpu')?.status).toBe('warn');
    expect(doctor.code).toBe(0);

    const up = await cli(dir, ['pod', 'upload', '--json']);
    expect(up.code).toBe(0);
    expect(JSON.parse(up.out)).toMatchObject({ ok: true, skipped: 0, uploaded: expect.arrayContaining(['10_maya/img_000.jpg']) });
    const again = await cli(dir, ['pod', 'upload']);
    expect(again.out).toContain('0 files sent (0 B), 6 unchanged, hashes verified');

    // The hand-written config is not what lorapilot would build from this dataset: the pre-flight refuses.
    const refused = await cli(dir, ['train']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('not launching');
    expect(refused.err).toContain('--force');
    const train = await cli(dir, ['train', '--force'], { HF_TOKEN: 'hf_NEVER_PRINTED', REHEARSAL_STEP_SECONDS: '0.05' });
    expect(train.code).toBe(0);
    expect(train.out).toMatch(/Rehearsal training started on local \(run \d{8}-\d{6}, pid \d+, detached with setsid\)/);
    expect(train.out + train.err).not.toContain('hf_NEVER_PRINTED');
    const p = await loadProject(dir);
    expect(p.ok && p.project.job).toMatchObject({ host: 'local', name: 'maya_v1', offset: 0, rehearsal: true });

    const second = await cli(dir, ['train']);
    expect(second.code).toBe(1);
    expect(second.err).toContain('still training');

    // attach reads what is there (the run goes on), stores the offset; a second attach continues there
    const first = await new Promise<{ out: string }>((resolve) => {
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('maya_v1:')) process.emit('SIGINT');
      });
      void main(['attach'], { cwd: dir, stdout, stderr: new PassThrough(), stdin: new PassThrough(), tty: false, env: process.env }).then(() => resolve({ out }));
    });
    const afterFirst = await loadProject(dir);
    const offset = afterFirst.ok ? afterFirst.project.job!.offset : -1;
    expect(offset).toBe(Buffer.byteLength(first.out));

    const stop = await cli(dir, ['stop', '--wait', '30']);
    expect(stop.code).toBe(0);
    expect(stop.out).toContain('Stopped: ai-toolkit exited with code 0. ai-toolkit does not save a checkpoint when stopped');
    const rest = await cli(dir, ['attach']);
    const log = await readFile(p.ok ? p.project.job!.log : '', 'utf8');
    expect(first.out + rest.out).toBe(log);
    expect(rest.out).toContain('Job stopped');
  });
});
