import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexCheckpoints } from '../../src/checkpoints/checkpoint-index.js';
import { downloadCheckpoint } from '../../src/checkpoints/download.js';
import { syncDataset } from '../../src/pod/sync.js';
import { remoteLayout } from '../../src/project/pod-layout.js';
import { LocalTarget } from '../../src/remote/local-target.js';
import { SshTarget } from '../../src/remote/ssh-target.js';
import type { Target } from '../../src/remote/target.js';
import { makeImage } from '../helpers/pod-project.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/tmp.js';
import { checkpointBytes } from '../unit/checkpoints/fixture.js';

let sshd: TestSshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

// Legal names at NAME_MAX (255 bytes): one ASCII, one in two-byte UTF-8 characters.
const ASCII = 'm'.repeat(251) + '.jpg';
const CYRILLIC = 'ж'.repeat(125) + '.jpg'; // 254 bytes: two per letter
const LONG_JOB = 'k'.repeat(255 - '_000000500.safetensors'.length);
const LONG_CKPT = `${LONG_JOB}_000000500.safetensors`;

describe.each([
  ['SshTarget against a real sshd', (): Target => new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} })],
  ['LocalTarget', (): Target => new LocalTarget()],
] as const)('255-byte file names (%s)', (_name, make) => {
  it('upload them intact, leaving no temporary file behind', async () => {
    expect(Buffer.byteLength(ASCII)).toBe(255);
    const ds = join(await tempDir(), 'dataset');
    await mkdir(join(ds, '10_maya'), { recursive: true });
    await makeImage(join(ds, '10_maya', ASCII), 1);
    await makeImage(join(ds, '10_maya', CYRILLIC), 2);
    await writeFile(join(ds, '10_maya', ASCII.replace(/\.jpg$/, '.txt')), 'maya, long');
    const root = await tempDir('lorapilot-remote-');
    const t = make();
    try {
      const r = await syncDataset({ target: t, datasetDir: ds, root, project: 'maya', config: 'job: extension\n' });
      expect(r.uploaded.length).toBe(3);
      const remoteDir = join(remoteLayout(root, 'maya').dataset, '10_maya');
      expect((await readdir(remoteDir)).sort()).toEqual([ASCII, ASCII.replace(/\.jpg$/, '.txt'), CYRILLIC].sort());
      for (const n of [ASCII, CYRILLIC]) expect((await readFile(join(remoteDir, n))).equals(await readFile(join(ds, '10_maya', n)))).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('download a checkpoint with one, verified, resuming its shortened .part', async () => {
    expect(Buffer.byteLength(LONG_CKPT)).toBe(255);
    const pod = await tempDir();
    const data = checkpointBytes(500, 2, 2_000_000);
    await writeFile(join(pod, LONG_CKPT), data);
    const loras = join(await tempDir(), 'loras');
    const t = make();
    try {
      const first = await downloadCheckpoint({ target: t, remotePath: join(pod, LONG_CKPT), localDir: loras, chunkSize: 256 * 1024, stopAfterBytes: 700_000 });
      expect(first.status).toBe('failed');
      const left = await readdir(loras);
      expect(left.every((n) => Buffer.byteLength(n) <= 255)).toBe(true);
      // The checkpoint list shows the interrupted download as partial, with the bytes kept.
      const idx = await indexCheckpoints({ target: t, folder: pod, jobName: LONG_JOB, localDir: loras, readHeaders: false });
      expect(idx.checkpoints.map((c) => [c.file, c.where, c.localBytes])).toEqual([[LONG_CKPT, 'partial', first.status === 'failed' ? first.partialBytes : -1]]);
      const r = await downloadCheckpoint({ target: t, remotePath: join(pod, LONG_CKPT), localDir: loras, expectStep: 500 });
      expect(r.status === 'failed' ? r.message : r.status).toBe('downloaded');
      if (r.status === 'downloaded') expect(r.resumedFrom).toBeGreaterThan(0);
      expect((await readFile(join(loras, LONG_CKPT))).equals(data)).toBe(true);
      expect(await readdir(loras)).toEqual([LONG_CKPT]);
    } finally {
      await t.close();
    }
  });
});
