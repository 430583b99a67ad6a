import { afterAll, beforeAll } from 'vitest';
import { LocalTarget } from '../../src/remote/local-target.js';
import { SshTarget } from '../../src/remote/ssh-target.js';
import type { Target } from '../../src/remote/target.js';
import { SSHD_PATH, startSshd, type TestSshd } from './sshd.js';

/**
 * Both targets files travel to, for `describe.each`: this machine, and a real OpenSSH server started for
 * the test file (when sshd is installed; without it the SshTarget cases fail with how to install it).
 */
export function bothTargets(): Array<[string, () => Promise<Target>]> {
  let sshd: TestSshd | null = null;
  beforeAll(async () => {
    if (SSHD_PATH) sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });
  return [
    ['LocalTarget', async () => new LocalTarget()],
    [
      'SshTarget',
      async () => {
        if (!sshd) throw new Error('sshd missing: apt-get install openssh-server');
        const t = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
        await t.connect();
        return t;
      },
    ],
  ];
}
