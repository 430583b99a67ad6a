import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { glyphsFor } from '../../src/text/glyphs.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { BIN, runInPty } from '../helpers/pty.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const run = promisify(execFile);
// The glyphs the program draws with in this environment (the child inherits it).
const glyph = glyphsFor(process.env);

let sshd: TestSshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  // stop() can race a per-connection sshd that exits on its own (ESRCH); the server is gone either way
  await sshd?.stop().catch(() => {});
});

describe('lorapilot monitor in a real terminal against the test pod', () => {
  it('launch, watch, lose the connection, re-attach, finish, then list and download checkpoints', async () => {
    const dir = await tempDir('lorapilot-e2e-mon-');
    await makePodProject(dir, { steps: 80, saveEvery: 20 });
    const y = await readFile(`${dir}/lorapilot.yaml`, 'utf8');
    await writeFile(`${dir}/lorapilot.yaml`, `${y}demo: true\npod:\n  target: ssh\n  host: ${sshd.spec}\n  root: ${dir}/root\n  aiToolkit: ${REHEARSAL_DIR}\n`);
    const env = { LORAPILOT_SSH_DIR: sshd.sshDir, LORAPILOT_NOTIFY: 'off' };
    // launch (detached on the pod)
    await run(process.execPath, [BIN, 'train', '--force'], { cwd: dir, env: { ...process.env, ...env } });

    // watch
    const a = runInPty(['monitor'], { cwd: dir, cols: 100, rows: 30, env });
    await a.waitForText('REHEARSAL', 30_000);
    await a.waitForText('● connected');
    await a.waitForText(/step ([5-9]|\d\d)\/80/, 30_000);
    // lose the connection: the header says so, then the monitor is back on its own
    expect(await sshd.killConnections()).toBeGreaterThan(0);
    await a.waitForText(/reconnecting|connection lost/, 10_000);
    await a.waitForText('● connected', 30_000);
    // leave while it trains (training continues), then re-attach from another terminal
    a.write('q');
    await a.exited;
    const afterQuit = parse(await readFile(`${dir}/lorapilot.yaml`, 'utf8')) as { job: { offset: number; log: string } };
    expect(afterQuit.job.offset).toBeGreaterThan(0);

    const b = runInPty(['monitor'], { cwd: dir, cols: 100, rows: 30, env });
    // the chart shows the whole run again (from step 0), then the run finishes
    await b.waitForText('step 0 ', 30_000);
    const done = await b.waitForText('✔ finished', 60_000);
    expect(done).toContain('step 80/80 (100%)');
    expect(done).toMatch(/◆/); // checkpoint marks
    expect(done).toContain('Samples · step');
    // the offset and the step's verdict are in the project file
    type P = { job: { offset: number; log: string }; progress: { monitor?: { status: string } } };
    const project = await waitFor(async () => {
      const p = parse(await readFile(`${dir}/lorapilot.yaml`, 'utf8')) as P;
      return p.progress.monitor?.status === 'done' ? p : null;
    });
    expect(project.job.offset).toBe((await stat(project.job.log)).size);

    // c opens the run's checkpoints (over the same SSH pod): mark the final one and download it
    b.write('c');
    await b.waitForText('final 80', 30_000);
    // The table first draws with the top row selected, then moves to the last one: space must wait for that,
    // or it marks (and d downloads) the first checkpoint instead of the final one.
    await b.waitForText(new RegExp(`${glyph.pointer} \\S\\s+final 80 `));
    await b.press(' ', '1 marked');
    b.write('d');
    const local = `${dir}/loras/maya_v1.safetensors`;
    await waitFor(async () => (await stat(local).catch(() => null))?.isFile(), { timeout: 30_000, describe: b.screen });
    const remote = `${dir}/root/maya/output/maya_v1/maya_v1.safetensors`;
    await waitFor(async () => (await readFile(local)).equals(await readFile(remote)), { timeout: 30_000 });
    b.write('q');
    await b.exited;

    // piped: plain progress lines; --json: one event per line, validated by their schema
    const plain = await run(process.execPath, [BIN, 'monitor', '--from-start'], { cwd: dir, env: { ...process.env, ...env } });
    expect(plain.stdout).toContain('step 80/80 (100%)');
    expect(plain.stdout).toContain('✔ training finished (exit code 0)');
    const json = await run(process.execPath, [BIN, 'monitor', '--json', '--from-start'], { cwd: dir, env: { ...process.env, ...env } });
    const events = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; step?: number });
    expect(events.filter((e) => e.type === 'loss').length).toBeGreaterThan(70);
    expect(events.at(-1)).toEqual({ type: 'finished', exitCode: 0, source: 'exit-code' });
    // by default a later monitor resumes where the last one stopped, with the run so far restored
    const resumed = await run(process.execPath, [BIN, 'monitor'], { cwd: dir, env: { ...process.env, ...env } });
    expect(resumed.stdout).toMatch(/^attached at byte \d+: step 80\/80 \(100%\)/);
    expect(resumed.stdout).toContain('✔ training finished (exit code 0)');
    // the stream's per-step losses agree with ai-toolkit's loss_log.db
    expect(events.find((e) => e.type === 'reconciled')).toMatchObject({ mismatches: 0 });
  }, 180_000);
});
