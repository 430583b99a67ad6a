import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/main.js';
import { downloadCheckpoint } from '../../src/checkpoints/download.js';
import { createProject } from '../../src/project/index.js';
import { sh } from '../../src/remote/shell.js';
import { SshTarget } from '../../src/remote/ssh-target.js';
import { SSHD_PATH, startSshd, type TestSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/tmp.js';
import { checkpointBytes } from '../unit/checkpoints/fixture.js';
import { runCli } from '../helpers/cli.js';

/**
 * The checkpoints of a real (rehearsal) training run on a real OpenSSH "pod": list them with headers and
 * losses, mark, download over SFTP, and resume a download cut by a dropped connection.
 */
const RUN_PY = resolve(import.meta.dirname, '../../rehearsal/ai-toolkit/run.py');

let sshd: TestSshd;
let pod: string; // the pod's work folder
let project: string; // the user's project folder
let target: SshTarget;

async function lorapilot(args: string[]) {
  const r = await runCli(args, project, { ...process.env, LORAPILOT_SSH_DIR: sshd.sshDir });
  return { code: r.code, stdout: r.out, stderr: r.err };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  if (!SSHD_PATH) throw new Error('sshd missing: apt-get install openssh-server');
  sshd = await startSshd();
  pod = await tempDir('lorapilot-pod-');
  project = await tempDir('lorapilot-proj-');
  target = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
  await target.connect();
  // A short run of the rehearsal trainer on the pod, with ai-toolkit's files and console output.
  await target.mkdirp(posix.join(pod, 'dataset'));
  for (let i = 0; i < 3; i++) {
    await target.writeFile(posix.join(pod, 'dataset', `img${i}.jpg`), await readFile(resolve(import.meta.dirname, `../../rehearsal/ai-toolkit/assets/sample-0${i}.jpg`)));
    await target.writeFile(posix.join(pod, 'dataset', `img${i}.txt`), 'maya_char, photo');
  }
  const config = [
    'job: extension',
    'config:',
    '  name: maya_v1',
    '  process:',
    '    - type: sd_trainer',
    `      training_folder: ${posix.join(pod, 'output')}`,
    '      save: {save_every: 40, max_step_saves_to_keep: 3}',
    `      datasets: [{folder_path: ${posix.join(pod, 'dataset')}, num_repeats: 10}]`,
    '      train: {batch_size: 1, steps: 200, lr: 0.0001}',
    '      model: {arch: flux, name_or_path: black-forest-labs/FLUX.1-dev}',
    '      sample: {sample_every: 40, prompts: ["maya_char, portrait", "maya_char, full body"]}',
  ].join('\n');
  await target.writeFile(posix.join(pod, 'config.yaml'), config);
  const r = await target.exec(sh`cd ${pod} && python3 ${RUN_PY} config.yaml > run.log 2>&1`, { env: { REHEARSAL_STEP_SECONDS: '0.002', PYTHONUNBUFFERED: '1' } });
  expect(r.code).toBe(0);
  await createProject(project, {
    name: 'maya_v1',
    trigger: 'maya_char',
    pod: { target: 'ssh', host: sshd.spec },
    job: { host: sshd.spec, folder: pod, name: 'maya_v1', config: posix.join(pod, 'config.yaml'), log: posix.join(pod, 'run.log'), output: posix.join(pod, 'output', 'maya_v1'), rehearsal: true },
    config: { steps: 200 },
  });
}, 120_000);

afterAll(async () => {
  await target?.close();
  await sshd?.stop();
});

describe('checkpoints on an SSH pod', () => {
  it('lists the run’s checkpoints with steps confirmed by their headers and the loss around each', async () => {
    const r = await lorapilot(['checkpoints', 'list', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { host: string; checkpoints: Array<{ step: number; final: boolean; headerStep: number; header: string; loss: number | null; samples: unknown[]; where: string }>; findings: Array<{ rule: string }> };
    expect(j.host).toBe(sshd.spec);
    // save_every 40 over 200 steps, keep 3: 80, 120, 160 remain, plus the final file.
    expect(j.checkpoints.map((c) => [c.step, c.final])).toEqual([
      [80, false],
      [120, false],
      [160, false],
      [200, true],
    ]);
    for (const c of j.checkpoints) {
      expect(c.header).toBe('ok');
      expect(c.headerStep).toBe(c.step);
      expect(c.loss).toBeGreaterThan(0);
      expect(c.samples).toHaveLength(2);
      expect(c.where).toBe('pod');
    }
    expect(j.findings.map((f) => f.rule)).toContain('checkpoints.samples-without-checkpoint');
    const text = await lorapilot(['checkpoints', 'list']);
    expect(text.stdout).toMatch(/200 \(final\)/);
  });

  it('marks and downloads over SFTP; the local files are the pod’s bytes', async () => {
    expect((await lorapilot(['checkpoints', 'mark', '120', 'final'])).code).toBe(0);
    const d = await lorapilot(['checkpoints', 'download']);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('maya_v1_000000120.safetensors → loras/maya_v1_000000120.safetensors');
    for (const f of ['maya_v1_000000120.safetensors', 'maya_v1.safetensors']) {
      expect(sha(await readFile(join(project, 'loras', f)))).toBe(sha(await target.readFile(posix.join(pod, 'output', 'maya_v1', f))));
    }
    const again = await lorapilot(['checkpoints', 'list', '--json']);
    const where = (JSON.parse(again.stdout) as { checkpoints: Array<{ step: number; where: string }> }).checkpoints.map((c) => [c.step, c.where]);
    expect(where).toEqual([
      [80, 'pod'],
      [120, 'both'],
      [160, 'pod'],
      [200, 'both'],
    ]);
  });

  it('survives a dropped connection mid-download, and resumes in a new session after a stop, with identical bytes', async () => {
    const big = posix.join(pod, 'big', 'maya_v1_000000999.safetensors');
    await target.mkdirp(posix.dirname(big));
    // Large enough that the (asynchronous) kill lands long before the download could finish.
    const bytes = checkpointBytes(999, 9, 32_000_000);
    await target.writeFile(big, bytes);

    // 1. The connection drops at ~1 MB: the SSH target reconnects and the download carries on.
    const dropDir = join(project, 'drop');
    const conn = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
    await conn.connect();
    let killed = false;
    const states: string[] = [];
    conn.onState((s) => states.push(s.state));
    const dropped = await downloadCheckpoint({
      target: conn,
      remotePath: big,
      localDir: dropDir,
      chunkSize: 256 * 1024,
      onProgress: (p) => {
        if (!killed && p.bytes > 1_000_000) {
          killed = true;
          void sshd.killConnections();
        }
      },
    });
    await conn.close();
    expect(killed).toBe(true);
    expect(dropped.status).toBe('downloaded');
    expect(states).toContain('reconnecting');
    expect(sha(await readFile(join(dropDir, 'maya_v1_000000999.safetensors')))).toBe(sha(bytes));

    // 2. The app stops mid-download (quit, Ctrl+C): a later session resumes from the .part.
    const stopDir = join(project, 'stop');
    const ctl = new AbortController();
    const s1 = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
    await s1.connect();
    const first = await downloadCheckpoint({ target: s1, remotePath: big, localDir: stopDir, chunkSize: 256 * 1024, signal: ctl.signal, onProgress: (p) => p.bytes > 2_000_000 && ctl.abort() });
    await s1.close();
    expect(first.status).toBe('cancelled');
    const s2 = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
    await s2.connect();
    const second = await downloadCheckpoint({ target: s2, remotePath: big, localDir: stopDir, expectStep: 999 });
    await s2.close();
    expect(second.status).toBe('downloaded');
    if (second.status === 'downloaded') expect(second.resumedFrom).toBeGreaterThan(2_000_000);
    expect(sha(await readFile(join(stopDir, 'maya_v1_000000999.safetensors')))).toBe(sha(bytes));
  });

  it('says what to do when the pod cannot be reached', async () => {
    const other = await tempDir('lorapilot-proj-');
    await createProject(other, { name: 'maya_v1', trigger: 'maya_char', pod: { target: 'ssh', host: 'root@127.0.0.1:1' }, job: { host: 'root@127.0.0.1:1', folder: '/x', name: 'maya_v1', config: '/x/c', log: '/x/l' } });
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    const code = await main(['checkpoints', 'list'], { cwd: other, stdout: new PassThrough(), stderr: out, stdin: new PassThrough(), tty: false, env: { ...process.env, LORAPILOT_SSH_DIR: sshd.sshDir } });
    expect(code).toBe(1);
    expect(text).toMatch(/✖/);
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});
