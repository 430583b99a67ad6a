import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctorJson } from '../../src/pod/doctor-report.js';
import { setupJson } from '../../src/pod/setup.js';
import { stopJson } from '../../src/pod/stop.js';
import { trainJson } from '../../src/pod/train-report.js';
import { uploadJson } from '../../src/pod/upload-report.js';
import { loadProject } from '../../src/project/index.js';
import { targetErrorJson } from '../../src/remote/target-error-json.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  return runCli(args, cwd, { ...process.env, ...env });
}

async function localProject(steps = 400): Promise<string> {
  const dir = await tempDir('lorapilot-json-');
  await makePodProject(dir, { steps });
  await writeFile(join(dir, 'lorapilot.yaml'), (await readFile(join(dir, 'lorapilot.yaml'), 'utf8')) + `pod:\n  target: local\n  root: ${join(dir, '.pod')}\n  aiToolkit: ${REHEARSAL_DIR}\ndemo: true\n`);
  return dir;
}

describe('--json of the pod commands, each read back with its schema', () => {
  it('pod doctor, pod upload, train and stop print exactly their schema', async () => {
    const dir = await localProject();
    const doctor = await cli(dir, ['pod', 'doctor', '--json']);
    const report = doctorJson.parse(JSON.parse(doctor.out));
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.id === 'gpu')?.status).toBe('warn');

    const up = uploadJson.parse(JSON.parse((await cli(dir, ['pod', 'upload', '--json'])).out));
    expect(up.uploaded).toContain('10_maya/img_000.jpg');

    const train = await cli(dir, ['train', '--force', '--json'], { REHEARSAL_STEP_SECONDS: '0.05' });
    expect(train.code).toBe(0);
    const launched = trainJson.parse(JSON.parse(train.out));
    expect(launched.uploaded).toBe(0);
    expect(launched.job.rehearsal).toBe(true);
    // a SIGINT during python's start-up would just kill it: stop once ai-toolkit is training
    await waitFor(async () => (await readFile(launched.job.log, 'utf8').catch(() => '')).includes('maya_v1:'), { timeout: 60_000 });

    const stop = await cli(dir, ['stop', '--wait', '30', '--json']);
    expect(stop.code).toBe(0);
    expect(stopJson.parse(JSON.parse(stop.out))).toMatchObject({ ok: true, outcome: 'stopped', exitCode: 0 });
    const p = await loadProject(dir);
    expect(p.ok && p.project.progress.monitor?.summary).toBe('training stopped by the user');
  }, 90_000);

  it('failures print the error schema: no run to stop, no pod host', async () => {
    const dir = await tempDir('lorapilot-json-');
    await makePodProject(dir);
    const stop = await cli(dir, ['stop', '--json']);
    expect(stop.code).toBe(1);
    expect(targetErrorJson.parse(JSON.parse(stop.out)).error.code).toBe('no-job');
    const doctor = await cli(dir, ['pod', 'doctor', '--json']);
    expect(doctor.code).toBe(1);
    const err = targetErrorJson.parse(JSON.parse(doctor.out)).error;
    expect(err.message).toBe('no pod host yet');
    expect(err.hint).toContain('lorapilot pod doctor');
  });

  it('pod setup --json keeps the install output off stdout and says whether it worked', async () => {
    const dir = await localProject();
    // An ai-toolkit folder that is not a git checkout: the install stops at its submodule step.
    const folder = join(await tempDir('lorapilot-setup-'), 'ai-toolkit');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'run.py'), '');
    const r = await cli(dir, ['pod', 'setup', '--dir', folder, '--json']);
    expect(r.code).toBe(1);
    const out = setupJson.parse(JSON.parse(r.out));
    expect(out).toMatchObject({ ok: false, target: 'local', aiToolkit: folder });
    expect(r.err).toContain('already in');
    const p = await loadProject(dir);
    expect(p.ok && p.project.pod?.aiToolkit).toBe(REHEARSAL_DIR);
  });
});
