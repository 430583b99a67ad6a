import { setMaxListeners } from 'node:events';
import type ssh2 from 'ssh2';
import type { ConnectConfig, SFTPWrapper } from 'ssh2';
import { isRunpodProxy, RUNPOD_PROXY_HINT, sshPaths, type ResolvedHost } from './ssh-config.js';
import { verifyHostKey } from './ssh-host-key.js';
import type { LoadedKey } from './ssh-keys.js';
import type { SshOptions } from './ssh-types.js';
import { loadSsh2 } from './ssh2-lazy.js';
import { TargetError } from './target.js';

export type Client = InstanceType<typeof ssh2.Client>;

/** One live SSH connection and its SFTP channels. */
export interface Session {
  client: Client;
  sftp: SFTPWrapper;
  extra: SFTPWrapper[];
  /** Aborted when this connection drops: pending SFTP requests get no answer then, so everything races it. */
  drop: AbortController;
  lost: Promise<never>;
  /** An extra SFTP channel being opened. */
  opening?: Promise<void> | null;
  /** SFTP channels this server lets us open, once it refused one. */
  channelCap?: number;
}

function newSessionParts(label: () => string): Pick<Session, 'drop' | 'lost'> {
  const drop = new AbortController();
  // Every pending upload listens to it (AbortSignal.any); many parallel files are expected, not a leak.
  setMaxListeners(0, drop.signal);
  const lost = new Promise<never>((_, reject) =>
    drop.signal.addEventListener('abort', () => reject(new TargetError('disconnected', `lost the connection to ${label()}`)), { once: true }),
  );
  lost.catch(() => {});
  return { drop, lost };
}

/** Public keys first, then ssh-agent; none at all is said with what to do. */
function authMethods(r: ResolvedHost, keys: LoadedKey[], env: NodeJS.ProcessEnv): NonNullable<ConnectConfig['authHandler']> {
  const auth: NonNullable<ConnectConfig['authHandler']> = [];
  for (const k of keys) auth.push({ type: 'publickey', username: r.user, key: k.key, passphrase: k.passphrase } as never);
  if (env.SSH_AUTH_SOCK) auth.push({ type: 'agent', username: r.user, agent: env.SSH_AUTH_SOCK } as never);
  if (auth.length === 0) {
    throw new TargetError('auth', 'no SSH key found', `pass --identity ~/.ssh/<key>, add an IdentityFile to ~/.ssh/config, or start ssh-agent`);
  }
  return auth;
}

/** A failed connection in words the user can act on. */
function connectError(r: ResolvedHost, err: Error & { level?: string }): TargetError {
  if (err.level === 'client-authentication') {
    return new TargetError('auth', `${r.user}@${r.host}:${r.port} refused every key`, `check the user name and that your public key is in the pod's ~/.ssh/authorized_keys (RunPod: PUBLIC_KEY)`);
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new TargetError('unreachable', `unknown host ${r.host}`, 'check the host name or IP');
  if (code === 'ECONNREFUSED') return new TargetError('unreachable', `${r.host}:${r.port} refused the connection`, 'is the pod running? RunPod shows the public IP and TCP port under Connect');
  if (err.level === 'client-timeout' || /timed out/i.test(err.message)) return new TargetError('unreachable', `${r.host}:${r.port} did not answer in time`, 'is the pod running and the port exposed?');
  return new TargetError('unreachable', `${r.host}:${r.port}: ${err.message}`);
}

/** Connect, check the host key, log in and open the first SFTP channel. */
export async function openSession(options: SshOptions, r: ResolvedHost, keys: LoadedKey[], label: () => string): Promise<Session> {
  const auth = authMethods(r, keys, options.env ?? process.env);
  let hostKeyProblem: TargetError | null = null;
  const paths = sshPaths(options.env, options.sshDir);
  const { Client } = await loadSsh2();
  const client = new Client();
  return new Promise<Session>((resolve, reject) => {
    let settled = false;
    const fail = (e: TargetError) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(e);
    };
    client.on('ready', () => {
      // Without TCP_NODELAY every small request (stat, rename, close) can wait on a delayed ACK.
      client.setNoDelay(true);
      client.sftp((err, sftp) => {
        if (err) {
          fail(
            isRunpodProxy(r.host)
              ? new TargetError('runpod-proxy', 'no SFTP on this server', RUNPOD_PROXY_HINT)
              : new TargetError('failed', `the server refused SFTP: ${err.message}`, 'enable the sftp subsystem in the pod sshd_config'),
          );
          return;
        }
        settled = true;
        resolve({ client, sftp, extra: [], ...newSessionParts(label) });
      });
    });
    client.on('error', (err: Error & { level?: string }) => fail(hostKeyProblem ?? connectError(r, err)));
    client.on('close', () => fail(hostKeyProblem ?? new TargetError('unreachable', `${r.host}:${r.port} closed the connection`)));
    client.connect({
      host: r.host,
      port: r.port,
      username: r.user,
      authHandler: auth,
      keepaliveInterval: options.keepaliveMs ?? 10_000,
      keepaliveCountMax: 3,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        verifyHostKey(options, r, key, paths.knownHosts)
          .then(() => verify(true))
          .catch((e: unknown) => {
            hostKeyProblem = e instanceof TargetError ? e : new TargetError('failed', String(e));
            verify(false);
          });
      },
    } as ConnectConfig);
  });
}
