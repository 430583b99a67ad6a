import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../../src/remote/shell.js';
import { SshTarget } from '../../src/remote/ssh-target.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/tmp.js';

let sshd: TestSshd;
let work: string;
beforeAll(async () => {
  sshd = await startSshd();
  work = await tempDir('lorapilot-hostkeys-');
});
afterAll(async () => {
  await sshd?.stop();
});

let n = 0;
async function sshDir(files: Record<string, string>): Promise<string> {
  const dir = join(work, `ssh-${++n}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

type Failure = { code: string; message: string; hint?: string } | null;
async function failure(t: SshTarget): Promise<Failure> {
  const err = (await t.connect().then(() => null, (e: unknown) => e)) as Failure;
  await t.close();
  return err;
}


function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('host keys', () => {
  const name = () => `[127.0.0.1]:${sshd.port}`;
  const key = () => sshd.knownHostsLine.split(' ').slice(1).join(' ');

  it('a @revoked key is reported as revoked, not as changed, and refused (plain and hashed entries)', async () => {
    for (const host of [name(), hashed(name())]) {
      const dir = await sshDir({ known_hosts: `@revoked ${host} ${key()}\n${name()} ${key()}\n` });
      const err = await failure(new SshTarget({ spec: sshd.spec, sshDir: dir, identity: sshd.clientKey, env: {}, acceptNew: true }));
      expect(err?.code).toBe('host-key-revoked');
      expect(err?.message).toMatch(/REVOKED/);
      expect(err?.message).not.toMatch(/CHANGED/);
      expect(err?.message).toContain(':1 marks it @revoked');
    }
  });

  it('a changed key under a hashed entry names the line and how to clear it', async () => {
    const other = `ssh-ed25519 ${Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), randomBytes(32)]).toString('base64')}`;
    const dir = await sshDir({ known_hosts: `# pods\n${hashed(name())} ${other}\n` });
    const err = await failure(new SshTarget({ spec: sshd.spec, sshDir: dir, identity: sshd.clientKey, env: {} }));
    expect(err?.code).toBe('host-key-changed');
    expect(err?.message).toContain('known_hosts:2');
    expect(err?.hint).toContain(`-R '${name()}'`);
  });

  it('a known_hosts that is a directory is named as such, and nothing connects unchecked', async () => {
    const dir = await sshDir({ 'known_hosts/x': '' });
    const err = await failure(new SshTarget({ spec: sshd.spec, sshDir: dir, identity: sshd.clientKey, env: {}, acceptNew: true }));
    expect(err?.message).toContain('known_hosts is a directory, not a known_hosts file');
    expect(err?.hint).toMatch(/^move it away/);
  });
});

describe('~/.ssh/config Include', () => {
  it('follows Include with globs, relative to ~/.ssh, and only inside the Host block that holds it', async () => {
    const dir = await sshDir({
      config: `Include conf.d/*.conf\nHost other\n  Include never.conf\n`,
      'conf.d/10-pod.conf': `Host included-pod\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.clientKey}\n`,
      'conf.d/ignored.txt': 'Host included-pod\n  Port 1\n',
      // Would send included-pod to a closed port if it were read outside `Host other`.
      'never.conf': 'Host included-pod\n  Port 1\n  HostName 127.0.0.2\n',
      known_hosts: sshd.knownHostsLine + '\n',
    });
    const t = new SshTarget({ spec: 'included-pod', sshDir: dir, env: {} });
    await t.connect();
    expect((await t.exec(sh`echo included`)).stdout).toBe('included\n');
    await t.close();
  });

  it('an Include that loops, and a config that is a directory, are said plainly', async () => {
    const loop = await sshDir({ config: 'Include config\n', known_hosts: '' });
    const err = await failure(new SshTarget({ spec: sshd.spec, sshDir: loop, env: {} }));
    expect(err?.message).toMatch(/Include .* nests more than 16 deep/);
    const asDir = await sshDir({ 'config/x': '', known_hosts: '' });
    const e2 = await failure(new SshTarget({ spec: sshd.spec, sshDir: asDir, env: {} }));
    expect(e2?.message).toMatch(/config is not a regular file/);
  });
});

describe('a server that is not an SSH server', () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const s of servers) s.close();
  });
  async function listen(srv: Server): Promise<number> {
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    return (srv.address() as { port: number }).port;
  }
  const tcp = (onConnection: (s: Socket) => void) => listen(createServer((s) => (s.on('error', () => {}), onConnection(s))));

  it('a closed port is said to refuse the connection', async () => {
    const port = await listen(createServer());
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    const dir = await sshDir({ known_hosts: '', config: '' });
    const err = await failure(new SshTarget({ spec: `me@127.0.0.1:${port}`, sshDir: dir, identity: sshd.clientKey, env: {} }));
    expect(err).toMatchObject({ code: 'unreachable', message: `127.0.0.1:${port} refused the connection` });
  });

  it.each([
    ['an HTTP server', async () => listen(createHttpServer((_q, res) => res.end('hi'))), /answers in HTTP: it is a web port, not an SSH server/],
    ['garbage bytes', async () => tcp((s) => s.write(Buffer.from([0, 1, 2, 0xff, 10, 13, 0x1b, 0x5b, 0x32, 0x4a]))), /is not an SSH server: it sent 10 bytes that are not an SSH greeting/],
    ['a fake SSH banner that then closes', async () => tcp((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n')), /sent an SSH greeting \(SSH-2\.0-OpenSSH_9\.6\) and then closed the connection/],
    ['a server that hangs up at once', async () => tcp((s) => s.end()), /closed the connection without sending anything/],
  ])('%s gets a message that says so', async (_what, start, expected) => {
    const port = await start();
    const dir = await sshDir({ known_hosts: '', config: '' });
    const err = await failure(new SshTarget({ spec: `me@127.0.0.1:${port}`, sshDir: dir, identity: sshd.clientKey, env: {}, readyTimeoutMs: 5000 }));
    expect(err?.code).toBe('unreachable');
    expect(err?.message).toMatch(expected);
    expect(err?.message).not.toMatch(/\x1b/);
  });
});
