import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadCheckpoint } from '../../src/checkpoints/download.js';
import { nextStepText, outcomeLine, stoppedText } from '../../src/checkpoints/download-text.js';
import { LocalTarget } from '../../src/remote/local-target.js';
import { SshTarget } from '../../src/remote/ssh-target.js';
import type { Target } from '../../src/remote/target.js';
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

const NAME = 'maya_v1_000000500.safetensors';

/** The pod's checkpoint, and what an earlier run left in loras/ at the same step: same size, same header, other weights. */
async function rerun(): Promise<{ pod: string; loras: string; data: Buffer; stale: Buffer }> {
  const podDir = await tempDir("lorapilot-pod 'x' ");
  const data = checkpointBytes(500, 2, 1_500_000);
  const stale = Buffer.from(data);
  for (let i = stale.length - 1000; i < stale.length; i++) stale[i] ^= 0x5a;
  await writeFile(join(podDir, NAME), data);
  const loras = join(await tempDir(), 'loras');
  await mkdir(loras);
  await writeFile(join(loras, NAME), stale);
  return { pod: join(podDir, NAME), loras, data, stale };
}

describe.each([
  ['SshTarget against a real sshd', (): Target => new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} })],
  ['LocalTarget', (): Target => new LocalTarget()],
] as const)('checkpoint downloads verified by content (%s)', (_name, make) => {
  it('a same-size, same-header local file with other bytes is never "verified": it is replaced, and the old one stays until the new one verifies', async () => {
    const { pod, loras, data, stale } = await rerun();
    const t = make();
    try {
      const cut = await downloadCheckpoint({ target: t, remotePath: pod, localDir: loras, expectStep: 500, stopAfterBytes: 400_000 });
      expect(cut.status).toBe('failed');
      expect((await readFile(join(loras, NAME))).equals(stale)).toBe(true);
      const r = await downloadCheckpoint({ target: t, remotePath: pod, localDir: loras, expectStep: 500 });
      expect(r).toMatchObject({ status: 'downloaded', replaced: true });
      expect((await readFile(join(loras, NAME))).equals(data)).toBe(true);
      expect(outcomeLine(r, loras)).toMatch(/verified: SHA-256 equals the pod's\); replaced the older file of that name/);
      expect(await readdir(loras)).toEqual([NAME]);
      const again = await downloadCheckpoint({ target: t, remotePath: pod, localDir: loras, expectStep: 500 });
      expect(again.status).toBe('already');
      expect(outcomeLine(again, loras)).toMatch(/already in .*verified: SHA-256 equals the pod's/);
    } finally {
      await t.close();
    }
  });

  it('a checkpoint truncated on the pod says why it cannot be downloaded, not to run again', async () => {
    const podDir = await tempDir();
    const whole = checkpointBytes(750, 3, 800_000);
    await writeFile(join(podDir, 'maya_v1_000000750.safetensors'), whole.subarray(0, 300_000));
    const loras = join(await tempDir(), 'loras');
    const t = make();
    try {
      const r = await downloadCheckpoint({ target: t, remotePath: join(podDir, 'maya_v1_000000750.safetensors'), localDir: loras, expectStep: 750 });
      expect(r).toMatchObject({ status: 'failed', retry: false });
      const line = outcomeLine(r, loras);
      expect(line).toMatch(/on the pod is not a valid checkpoint \(tensors need \d+ bytes but the file has 300000: cut short/);
      expect(line).not.toMatch(/run again/);
      const next = nextStepText([r]);
      expect(next).toMatch(/cannot be downloaded as it is on the pod .*running again will not help/);
      expect(next).not.toMatch(/run the same command again/);
      expect(await readdir(loras)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('what to do next', () => {
  it('asks to run again only for what running again can fix', () => {
    const broken = { status: 'failed', file: 'a.safetensors', message: 'bad', partialBytes: 0, retry: false } as const;
    const dropped = { status: 'failed', file: 'b.safetensors', message: 'lost', partialBytes: 10, retry: true } as const;
    expect(nextStepText([dropped])).toBe('run the same command again to resume');
    expect(nextStepText([broken, dropped])).toBe('run the same command again to resume; a.safetensors cannot be downloaded as it is on the pod (see above); running again will not help');
  });

  it('the screen words the same split: why a broken one cannot be had first, and d offered only for the others', () => {
    const broken = { status: 'failed', file: 'a.safetensors', message: 'a.safetensors on the pod is not a valid checkpoint (bad), so it cannot be downloaded', partialBytes: 0, retry: false } as const;
    const dropped = { status: 'failed', file: 'b.safetensors', message: 'lost', partialBytes: 10, retry: true } as const;
    expect(stoppedText([dropped])).toBe('1 of 1 not downloaded: b.safetensors: lost. Press d to resume.');
    expect(stoppedText([dropped, broken])).toBe('2 of 2 not downloaded: a.safetensors on the pod is not a valid checkpoint (bad), so it cannot be downloaded; press d to resume the others.');
    expect(stoppedText([broken, { ...broken, file: 'c.safetensors' }])).toBe('2 of 2 not downloaded: a.safetensors on the pod is not a valid checkpoint (bad), so it cannot be downloaded (1 more broken on the pod: c.safetensors); pressing d again will not help.');
  });
});
