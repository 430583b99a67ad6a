import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followRun, launchRun, runState, stopRun } from '../../src/pod/job.js';
import { remoteLayout } from '../../src/project/pod-layout.js';
import { LocalTarget } from '../../src/remote/local-target.js';
import { configForTarget } from '../../src/pod/remote-config.js';
import { SshTarget } from '../../src/remote/ssh-target.js';
import { syncDataset } from '../../src/pod/sync.js';
import type { Target } from '../../src/remote/target.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

let sshd: TestSshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

async function prepare(target: Target, root: string, steps = 12) {
  const work = await tempDir('lorapilot-job-');
  const p = await makePodProject(work, { steps });
  const layout = remoteLayout(root, 'maya');
  const cfg = configForTarget(await readFile(p.configPath, 'utf8'), { projectDir: p.dir, datasetDir: p.datasetDir, layout });
  await syncDataset({ target, datasetDir: p.datasetDir, root, project: 'maya', config: cfg.text });
  return { layout, cfg, p };
}

describe.each([
  ['LocalTarget', async () => new LocalTarget() as Target],
  ['SshTarget', async () => {
    const t = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {}, reconnect: { delaysMs: [200, 400, 800] } });
    await t.connect();
    return t as Target;
  }],
])('a detached run on %s', (_name, make) => {
  it('trains to the end, writes the exit code and the files of ai-toolkit, and the log can be read by offset', async () => {
    const target = await make();
    const root = await tempDir('lorapilot-root-');
    const { layout } = await prepare(target, root);
    const launched = await launchRun({ target, layout, aiToolkit: REHEARSAL_DIR, python: 'python3', config: layout.config, jobName: 'maya_v1', hfToken: 'hf_SECRET_token_value' });
    expect(launched.pid).toBeGreaterThan(0);
    // A second launch while the first one runs is refused.
    await expect(launchRun({ target, layout, aiToolkit: REHEARSAL_DIR, python: 'python3', config: layout.config, jobName: 'maya_v1' })).rejects.toThrow(/still training/);
    let text = '';
    let offset = 0;
    for await (const c of followRun(target, launched.run, 0, undefined, 50)) {
      text += c.data.toString('utf8');
      offset = c.offset;
    }
    expect(text).toContain('Running  1 process');
    expect(text).toMatch(/maya_v1: 100%\|██████████\| 12\/12/);
    expect(text).toContain('Saved checkpoint to ' + join(layout.trainingFolder, 'maya_v1', 'maya_v1.safetensors'));
    expect(text).not.toContain('hf_SECRET');
    const log = await readFile(launched.run.log);
    expect(offset).toBe(log.length);
    expect(await runState(target, launched.run)).toEqual({ state: 'exited', exitCode: 0 });
    expect(existsSync(join(layout.trainingFolder, 'maya_v1', 'maya_v1_000000010.safetensors'))).toBe(true);
    // Nothing of the token reached the disk of the run.
    for (const f of ['launch.json', 'run.log', 'pid']) expect((await readFile(join(launched.run.dir, f), 'utf8')).includes('hf_SECRET')).toBe(false);
    await target.close();
  });

  it('stops with SIGINT: ai-toolkit says Job stopped and exits 0', async () => {
    const target = await make();
    const root = await tempDir('lorapilot-root-');
    const { layout } = await prepare(target, root, 400);
    const launched = await launchRun({ target, layout, aiToolkit: REHEARSAL_DIR, python: 'python3', config: layout.config, jobName: 'maya_v1' });
    await waitFor(async () => (await readFile(launched.run.log, 'utf8')).includes('maya_v1:'), { timeout: 20_000 });
    const r = await stopRun(target, launched.run, { waitMs: 20_000 });
    expect(r).toEqual({ outcome: 'stopped', exitCode: 0 });
    expect(await readFile(launched.run.log, 'utf8')).toContain('Job stopped');
    await target.close();
  });
});

describe('faults against the real sshd', () => {
  it('a killed connection mid-tail loses and repeats nothing, and the training keeps running', async () => {
    const target = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {}, reconnect: { delaysMs: [200, 400, 800] } });
    await target.connect();
    const root = await tempDir('lorapilot-root-');
    const { layout } = await prepare(target, root, 40);
    process.env.REHEARSAL_STEP_SECONDS = '0.05';
    const launched = await launchRun({ target, layout, aiToolkit: REHEARSAL_DIR, python: 'python3', config: layout.config, jobName: 'maya_v1' });
    const chunks: Buffer[] = [];
    let killed = false;
    for await (const c of followRun(target, launched.run, 0, undefined, 50)) {
      chunks.push(c.data);
      if (!killed && Buffer.concat(chunks).includes('maya_v1:  ')) {
        killed = true;
        expect(await sshd.killConnections()).toBeGreaterThan(0);
      }
    }
    expect(killed).toBe(true);
    const log = await readFile(launched.run.log);
    expect(Buffer.concat(chunks).equals(log)).toBe(true);
    expect(log.toString()).toMatch(/40\/40/);
    expect(await runState(target, launched.run)).toEqual({ state: 'exited', exitCode: 0 });
    await target.close();
  });
});
