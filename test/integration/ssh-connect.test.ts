import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../../src/remote/shell.js';
import { SshTarget, type ConnectionState } from '../../src/remote/ssh-target.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { waitFor } from '../helpers/wait.js';

let sshd: TestSshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

describe('SshTarget connection', () => {
  it('connects through a ~/.ssh/config Host alias (HostName, Port, User, IdentityFile)', async () => {
    const t = new SshTarget({ spec: 'testpod', sshDir: sshd.sshDir, env: {} });
    await t.connect();
    expect(t.label).toBe(`${sshd.user}@127.0.0.1:${sshd.port}`);
    expect((await t.exec(sh`echo ok`)).stdout).toBe('ok\n');
    await t.close();
  });

  it('refuses an unknown host key with its fingerprint, and trusts it with --accept-new', async () => {
    const kh = join(sshd.sshDir, 'known_hosts');
    const before = await readFile(kh, 'utf8');
    await writeFile(kh, '');
    try {
      const t = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
      const err = await t.connect().then(() => null, (e: unknown) => e);
      expect(err).toMatchObject({ code: 'host-key-unknown' });
      expect(String((err as Error).message)).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
      await t.close();
      let asked = '';
      const asking = new SshTarget({
        spec: sshd.spec,
        sshDir: sshd.sshDir,
        env: {},
        confirmHostKey: async (p) => {
          asked = p.fingerprint;
          return false;
        },
      });
      await expect(asking.connect()).rejects.toMatchObject({ code: 'host-key-unknown' });
      expect(asked).toMatch(/^SHA256:/);
      const accept = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {}, acceptNew: true });
      await accept.connect();
      await accept.close();
      expect(await readFile(kh, 'utf8')).toContain(sshd.knownHostsLine.split(' ')[2]);
    } finally {
      await writeFile(kh, before);
    }
  });

  it('recognises hashed known_hosts entries', async () => {
    const kh = join(sshd.sshDir, 'known_hosts');
    const before = await readFile(kh, 'utf8');
    const { execFileSync } = await import('node:child_process');
    execFileSync('ssh-keygen', ['-H', '-f', kh], { stdio: 'ignore' });
    expect(await readFile(kh, 'utf8')).toMatch(/^\|1\|/);
    const t = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
    await t.connect();
    await t.close();
    await writeFile(kh, before);
  });

  it('names RunPod\'s ssh.runpod.io proxy and says to use the public IP and TCP port', async () => {
    const t = new SshTarget({ spec: 'abc123-6441@ssh.runpod.io', sshDir: sshd.sshDir, env: {} });
    const err = await t.connect().then(() => null, (e: unknown) => e as { code: string; hint: string });
    expect(err?.code).toBe('runpod-proxy');
    expect(err?.hint).toMatch(/public IP and port/);
  });

  it('explains a refused key', async () => {
    const { execFileSync } = await import('node:child_process');
    const other = join(sshd.dir, 'other_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const t = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, identity: other, env: {} });
    const err = await t.connect().then(() => null, (e: unknown) => e as { code: string; hint: string });
    expect(err?.code).toBe('auth');
    expect(err?.hint).toMatch(/authorized_keys/);
    await t.close();
  });

  it('asks for the passphrase of an encrypted key, and says clearly when nobody can be asked', async () => {
    const { execFileSync } = await import('node:child_process');
    const { appendFile } = await import('node:fs/promises');
    const key = join(sshd.dir, 'locked_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', key]);
    await appendFile(join(sshd.dir, 'authorized_keys'), await readFile(key + '.pub'));
    const silent = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, identity: key, env: {} });
    const err = await silent.connect().then(() => null, (e: unknown) => e as { code: string; message: string; hint: string });
    expect(err).toMatchObject({ code: 'auth' });
    expect(err?.message).toMatch(/passphrase/);
    expect(err?.hint).toMatch(/ssh-add/);
    let asked = '';
    const prompting = new SshTarget({
      spec: sshd.spec,
      sshDir: sshd.sshDir,
      identity: key,
      env: {},
      askPassphrase: async (file) => {
        asked = file;
        return 'open sesame';
      },
    });
    await prompting.connect();
    expect(asked).toBe(key);
    expect((await prompting.exec(sh`echo in`)).stdout).toBe('in\n');
    await prompting.close();
  });

  it('authenticates through ssh-agent (SSH_AUTH_SOCK) when no key file is at hand', async () => {
    const { execFileSync, spawnSync } = await import('node:child_process');
    const sock = join(sshd.dir, 'agent.sock');
    const out = execFileSync('ssh-agent', ['-a', sock]).toString();
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1]);
    try {
      spawnSync('ssh-add', [sshd.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const emptyDir = join(sshd.dir, 'nokeys');
      const { mkdir, copyFile } = await import('node:fs/promises');
      await mkdir(emptyDir, { recursive: true });
      await copyFile(join(sshd.sshDir, 'known_hosts'), join(emptyDir, 'known_hosts'));
      const t = new SshTarget({ spec: sshd.spec, sshDir: emptyDir, env: { SSH_AUTH_SOCK: sock } });
      await t.connect();
      expect((await t.exec(sh`echo agent`)).stdout).toBe('agent\n');
      await t.close();
      const none = new SshTarget({ spec: sshd.spec, sshDir: emptyDir, env: {} });
      await expect(none.connect()).rejects.toMatchObject({ code: 'auth', message: 'no SSH key found' });
    } finally {
      if (pid) process.kill(pid);
    }
  });

  it('reconnects with backoff after the connection is killed, reporting its state', async () => {
    const states: ConnectionState[] = [];
    const t = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {}, reconnect: { delaysMs: [200, 400] } });
    t.onState((s) => states.push(s));
    await t.connect();
    await t.writeFile(`${sshd.dir}/r.txt`, 'still here');
    expect(await sshd.killConnections()).toBeGreaterThan(0);
    await waitFor(() => states.some((s) => s.state === 'reconnecting'));
    expect((await t.readFile(`${sshd.dir}/r.txt`)).toString()).toBe('still here');
    const r = states.find((s) => s.state === 'reconnecting');
    expect(r).toMatchObject({ state: 'reconnecting', attempt: 1, inMs: 200 });
    expect(states[states.length - 1].state).toBe('connected');
    await t.close();
  });

  it('refuses a changed host key with a warning, also when reconnecting', async () => {
    const t = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {}, acceptNew: true });
    await sshd.rotateHostKey();
    const err = await t.connect().then(() => null, (e: unknown) => e as { code: string; message: string; hint: string });
    expect(err?.code).toBe('host-key-changed');
    expect(err?.message).toMatch(/CHANGED/);
    expect(err?.hint).toMatch(/ssh-keygen -f .* -R/);
    // --accept-new never overrides a changed key, and known_hosts is left alone
    expect(await readFile(join(sshd.sshDir, 'known_hosts'), 'utf8')).toBe(sshd.knownHostsLine + '\n');
    await t.close();
  });
});
