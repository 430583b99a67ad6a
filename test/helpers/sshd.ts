/**
 * A real OpenSSH server for tests: `sshd` (Debian's openssh-server) running as the current user on a random
 * loopback port, with throwaway host and client keys and its own sshd_config. Nothing of the real ~/.ssh is used:
 * clients get `sshDir` (id_ed25519, known_hosts, config) to pass to SshTarget.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait.js';

const run = promisify(execFile);

export const SSHD_PATH = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p)) ?? null;

export interface TestSshd {
  port: number;
  host: string;
  user: string;
  /** `user@127.0.0.1:port`. */
  spec: string;
  /** Client-side throwaway ~/.ssh: id_ed25519, known_hosts (trusted host key), config. */
  sshDir: string;
  /** Private client key. */
  clientKey: string;
  hostKeyPub: string;
  dir: string;
  /** The known_hosts line for this server's key. */
  knownHostsLine: string;
  /** Kill every per-connection sshd process (drops the live connections; the server keeps listening). */
  killConnections(): Promise<number>;
  /** Replace the server's host key (the next connection presents a different one) and restart. */
  rotateHostKey(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** One connection attempt: does an SSH server greet on the port? */
function greets(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('SSH-'));
    });
    s.once('error', () => resolve(false));
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

async function waitForBanner(port: number, timeout = 10_000): Promise<void> {
  await waitFor(() => greets(port), { timeout, interval: 50 }).catch(() => {
    throw new Error(`sshd did not start on port ${port}`);
  });
}

async function keygen(file: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lorapilot-test', '-f', file]);
}

/** `maxSessions`: channels (SFTP, commands) one connection may hold open at once, as in sshd_config. */
export async function startSshd(opts: { maxSessions?: number } = {}): Promise<TestSshd> {
  if (!SSHD_PATH) throw new Error('sshd is not installed (apt-get install openssh-server)');
  const dir = await mkdtemp(join(tmpdir(), 'lorapilot-sshd-'));
  const sshDir = join(dir, 'client');
  await mkdir(sshDir, { mode: 0o700 });
  if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true }).catch(() => {});
  const hostKey = join(dir, 'host_ed25519');
  const clientKey = join(sshDir, 'id_ed25519');
  await keygen(hostKey);
  await keygen(clientKey);
  await writeFile(join(dir, 'authorized_keys'), await readFile(clientKey + '.pub'));
  const user = userInfo().username;
  const sftpServer = ['/usr/lib/openssh/sftp-server', '/usr/libexec/openssh/sftp-server', '/usr/lib/ssh/sftp-server'].find((p) => existsSync(p));
  let port = 0;
  let child: ChildProcess | null = null;

  const start = async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      port = port || (await freePort());
      const config = [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'UsePAM no',
        'StrictModes no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin yes',
        'MaxStartups 200',
        `MaxSessions ${opts.maxSessions ?? 100}`,
        'LogLevel ERROR',
        `Subsystem sftp ${sftpServer ?? 'internal-sftp'}`,
      ].join('\n');
      await writeFile(join(dir, 'sshd_config'), config + '\n');
      const proc = spawn(SSHD_PATH, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<boolean>((r) => proc.once('exit', () => r(true)));
      const up = waitForBanner(port, 8000).then(() => false);
      const died = await Promise.race([exited, up]).catch(() => true);
      if (!died) {
        child = proc;
        // A test process that dies without stop() must not leave a listening sshd behind.
        const reap = () => {
          if (proc.exitCode === null) proc.kill('SIGKILL');
        };
        process.once('exit', reap);
        proc.once('exit', () => process.off('exit', reap));
        return;
      }
      proc.kill('SIGKILL');
      if (/Address already in use/i.test(stderr)) port = 0;
      else if (attempt === 4) throw new Error(`sshd failed to start: ${stderr}`);
    }
  };
  await start();

  const hostKeyPub = (await readFile(hostKey + '.pub', 'utf8')).trim();
  const [ktype, kb64] = hostKeyPub.split(/\s+/);
  const knownHostsLine = `[127.0.0.1]:${port} ${ktype} ${kb64}`;
  await writeFile(join(sshDir, 'known_hosts'), knownHostsLine + '\n');
  await writeFile(join(sshDir, 'config'), `Host testpod\n  HostName 127.0.0.1\n  Port ${port}\n  User ${user}\n  IdentityFile ${clientKey}\n`);

  const childPids = async (): Promise<number[]> => {
    if (!child?.pid) return [];
    const r = await run('pgrep', ['-P', String(child.pid)]).catch(() => ({ stdout: '' }));
    return r.stdout.split(/\s+/).filter(Boolean).map(Number);
  };

  const stop = async () => {
    const c = child;
    child = null;
    if (c && c.exitCode === null) {
      for (const pid of await childPidsOf(c.pid)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await gone;
    }
  };

  return {
    port,
    host: '127.0.0.1',
    user,
    spec: `${user}@127.0.0.1:${port}`,
    sshDir,
    clientKey,
    hostKeyPub,
    dir,
    knownHostsLine,
    async killConnections() {
      const pids = await childPids();
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      return pids.length;
    },
    async rotateHostKey() {
      await stop();
      await rm(hostKey, { force: true });
      await rm(hostKey + '.pub', { force: true });
      await keygen(hostKey);
      await start();
    },
    async stop() {
      await stop();
      await rm(dir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

async function childPidsOf(pid: number | undefined): Promise<number[]> {
  if (!pid) return [];
  const r = await run('pgrep', ['-P', String(pid)]).catch(() => ({ stdout: '' }));
  return r.stdout.split(/\s+/).filter(Boolean).map(Number);
}
