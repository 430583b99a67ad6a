import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../../src/remote/shell.js';
import { SshTarget, type ConnectionState } from '../../src/remote/ssh-target.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

let pod: TestSshd;
let jumpbox: TestSshd;
let work: string;
let pipe: string;
beforeAll(async () => {
  [pod, jumpbox] = await Promise.all([startSshd(), startSshd()]);
  work = await tempDir('lorapilot-proxy-');
  // A ProxyCommand as small as `nc`: pipes its stdio to host:port, and notes its pid and arguments.
  pipe = join(work, 'tcp-pipe.mjs');
  await writeFile(
    pipe,
    `import { connect } from 'node:net';
import { writeFileSync } from 'node:fs';
const [host, port, note] = process.argv.slice(2);
if (note) writeFileSync(note, JSON.stringify({ pid: process.pid, host, port }));
const s = connect(Number(port), host, () => { process.stdin.pipe(s); s.pipe(process.stdout); });
s.on('error', (e) => { process.stderr.write('tcp-pipe: ' + e.message + '\\n'); process.exit(2); });
s.on('close', () => process.exit(0));
`,
  );
});
afterAll(async () => {
  await Promise.all([pod?.stop(), jumpbox?.stop()]);
});

let n = 0;
/** A throwaway ~/.ssh holding `config` and a known_hosts that trusts both servers. */
async function sshDir(config: string, knownHosts = `${pod.knownHostsLine}\n${jumpbox.knownHostsLine}\n`): Promise<string> {
  const dir = join(work, `ssh-${++n}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, 'config'), config);
  await writeFile(join(dir, 'known_hosts'), knownHosts);
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const podBlock = (extra: string, port = pod.port) =>
  `Host pod\n  HostName 127.0.0.1\n  Port ${port}\n  User ${pod.user}\n  IdentityFile ${pod.clientKey}\n${extra}`;

describe('ProxyCommand', () => {
  it('talks SSH over the command\'s stdio, with %h %p %n %r %% expanded, and ends the command with the connection', async () => {
    const note = join(work, 'note-%%.json');
    const dir = await sshDir(podBlock(`  ProxyCommand ${process.execPath} ${pipe} %h %p ${note} %n %r\n`));
    const t = new SshTarget({ spec: 'pod', sshDir: dir, env: {} });
    await t.connect();
    expect((await t.exec(sh`echo through`)).stdout).toBe('through\n');
    const seen = JSON.parse(await readFile(join(work, 'note-%.json'), 'utf8')) as { pid: number; host: string; port: string };
    expect(seen).toMatchObject({ host: '127.0.0.1', port: String(pod.port) });
    expect(alive(seen.pid)).toBe(true);
    await t.close();
    await waitFor(() => !alive(seen.pid));
  });

  it('never falls back to a direct connection: a failing command is reported with its exit code and stderr', async () => {
    // HostName and Port point at a working sshd: only the ProxyCommand stands between lorapilot and it.
    const dir = await sshDir(podBlock(`  ProxyCommand sh -c 'echo "bastion: no route to %h" >&2; exit 3'\n`));
    const t = new SshTarget({ spec: 'pod', sshDir: dir, env: {} });
    const err = (await t.connect().then(() => null, (e: unknown) => e)) as { code: string; message: string; hint: string } | null;
    expect(err?.code).toBe('unreachable');
    expect(err?.message).toMatch(/ProxyCommand/);
    expect(err?.message).toMatch(/exited with code 3/);
    expect(err?.message).toMatch(/bastion: no route to 127\.0\.0\.1/);
    await t.close();
  });

  it('refuses a ProxyCommand it cannot run as written (an unknown %-token) instead of connecting another way', async () => {
    const dir = await sshDir(podBlock(`  ProxyCommand ${process.execPath} ${pipe} %h %p %Z\n`));
    const t = new SshTarget({ spec: 'pod', sshDir: dir, env: {} });
    await expect(t.connect()).rejects.toMatchObject({ code: 'unreachable', message: expect.stringMatching(/%Z/) });
    await t.close();
  });

  it.skipIf(!existsSync('/usr/bin/ssh'))('works with OpenSSH\'s own `ssh -W %h:%p` as the proxy', async () => {
    const dir = await sshDir('');
    const cfg = join(dir, 'config');
    const jumpOpts = `-F /dev/null -o BatchMode=yes -o UserKnownHostsFile=${join(dir, 'known_hosts')} -i ${jumpbox.clientKey} -p ${jumpbox.port}`;
    await writeFile(cfg, podBlock(`  ProxyCommand ssh ${jumpOpts} -W %h:%p ${jumpbox.user}@127.0.0.1\n`));
    const t = new SshTarget({ spec: 'pod', sshDir: dir, env: {} });
    await t.connect();
    expect((await t.exec(sh`echo via-ssh`)).stdout).toBe('via-ssh\n');
    await t.close();
  });

  it('ProxyCommand none means a direct connection', async () => {
    const dir = await sshDir(`Host pod\n  ProxyCommand none\n${podBlock('  ProxyCommand false\n')}`);
    const t = new SshTarget({ spec: 'pod', sshDir: dir, env: {} });
    await t.connect();
    await t.close();
  });
});

describe('ProxyJump', () => {
  const jumpBlock = (name = 'jumpbox') => `Host ${name}\n  HostName 127.0.0.1\n  Port ${jumpbox.port}\n  User ${jumpbox.user}\n  IdentityFile ${jumpbox.clientKey}\n`;

  it('connects through the jump host (its own keys and host key), and the pod connection ends with it', async () => {
    const dir = await sshDir(`${jumpBlock()}${podBlock('  ProxyJump jumpbox\n')}`);
    const states: ConnectionState[] = [];
    const t = new SshTarget({ spec: 'pod', sshDir: dir, env: {}, reconnect: { delaysMs: [150], maxAttempts: 3 } });
    t.onState((s) => states.push(s));
    await t.connect();
    expect((await t.exec(sh`echo jumped`)).stdout).toBe('jumped\n');
    // The forwarded connection lives inside the jump host's sshd: killing it drops the pod connection.
    expect(await jumpbox.killConnections()).toBeGreaterThan(0);
    await waitFor(() => states.some((s) => s.state === 'reconnecting'));
    await waitFor(() => t.state.state === 'connected');
    expect((await t.exec(sh`echo back`)).stdout).toBe('back\n');
    await t.close();
  });

  it('follows nested, comma-separated jumps and ssh:// hops', async () => {
    const dir = await sshDir(`${jumpBlock()}${jumpBlock('jump2')}${podBlock(`  ProxyJump jumpbox,ssh://jump2\n`)}`);
    const t = new SshTarget({ spec: 'pod', sshDir: dir, env: {} });
    await t.connect();
    expect((await t.exec(sh`echo twice`)).stdout).toBe('twice\n');
    await t.close();
  });

  it('checks the jump host\'s key: an unknown one is refused by name, and nothing connects around it', async () => {
    const dir = await sshDir(`${jumpBlock()}${podBlock('  ProxyJump jumpbox\n')}`, `${pod.knownHostsLine}\n`);
    const t = new SshTarget({ spec: 'pod', sshDir: dir, env: {} });
    const err = (await t.connect().then(() => null, (e: unknown) => e)) as { code: string; message: string } | null;
    expect(err?.code).toBe('host-key-unknown');
    expect(err?.message).toContain(`127.0.0.1:${jumpbox.port}`);
    await t.close();
  });

  it('says which hop could not reach the next one', async () => {
    const closed = await new Promise<number>((resolve) => {
      import('node:net').then(({ createServer }) => {
        const s = createServer();
        s.listen(0, '127.0.0.1', () => {
          const port = (s.address() as { port: number }).port;
          s.close(() => resolve(port));
        });
      });
    });
    const dir = await sshDir(`${jumpBlock()}${podBlock('  ProxyJump jumpbox\n', closed)}`);
    const t = new SshTarget({ spec: 'pod', sshDir: dir, env: {} });
    const err = (await t.connect().then(() => null, (e: unknown) => e)) as { code: string; message: string } | null;
    expect(err?.code).toBe('unreachable');
    expect(err?.message).toContain(`jump host ${jumpbox.user}@127.0.0.1:${jumpbox.port} could not open a connection to 127.0.0.1:${closed}`);
    await t.close();
  });
});
