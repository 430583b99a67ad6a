import type { Duplex } from 'node:stream';
import type ssh2 from 'ssh2';
import type { ConnectConfig } from 'ssh2';
import { routeText, sshPaths, type ResolvedHost } from './ssh-config.js';
import { verifyHostKey } from './ssh-host-key.js';
import type { LoadedKey } from './ssh-keys.js';
import { HEAD_BYTES, notSshText } from './ssh-not-ssh.js';
import type { SshOptions } from './ssh-types.js';
import { loadSsh2 } from './ssh2-lazy.js';
import { TargetError } from './target.js';

export type Client = InstanceType<typeof ssh2.Client>;

/** The stream an SSH connection runs over, and what to end with it. */
export interface Route {
  /**
   * The stream, made at the moment ssh2 takes it: a TCP socket that fails at once (a refused port) must find
   * ssh2's error listener already there.
   */
  open(): Duplex;
  /** Ends what carries the connection (the proxy command, the jump hosts' connections). */
  close(): void;
  /** Why the carrier failed (a ProxyCommand's exit and stderr, a jump host's refusal), when it did. */
  failure(): Promise<string | null>;
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

interface Seen {
  /** The server's first bytes. */
  head: Buffer;
  /** The key exchange finished: it is an SSH server. */
  handshook: boolean;
}

/** A failed connection in words the user can act on. */
async function connectError(r: ResolvedHost, route: Route, seen: Seen, err: (Error & { level?: string }) | null): Promise<TargetError> {
  const where = `${r.host}:${r.port}${routeText(r)}`;
  if (err?.level === 'client-authentication') {
    return new TargetError('auth', `${r.user}@${r.host}:${r.port} refused every key`, `check the user name and that your public key is in the pod's ~/.ssh/authorized_keys (RunPod: PUBLIC_KEY)`);
  }
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new TargetError('unreachable', `unknown host ${r.host}`, 'check the host name or IP');
  if (code === 'ECONNREFUSED') return new TargetError('unreachable', `${where} refused the connection`, 'is the pod running? RunPod shows the public IP and TCP port under Connect');
  const carrier = await route.failure();
  if (carrier) return new TargetError('unreachable', `could not reach ${r.host}:${r.port}${routeText(r)}: ${carrier}`, 'check the ProxyCommand / ProxyJump for this host in ~/.ssh/config (ssh -v shows the same route)');
  const timedOut = err?.level === 'client-timeout' || /timed out/i.test(err?.message ?? '');
  if (!seen.handshook && (seen.head.length > 0 || !timedOut)) return new TargetError('unreachable', notSshText(where, seen.head, !timedOut), 'check the host and port: RunPod shows the SSH TCP port under Connect');
  if (timedOut) return new TargetError('unreachable', `${where} did not answer in time`, 'is the pod running and the port exposed?');
  if (!err) return new TargetError('unreachable', `${where} closed the connection`);
  return new TargetError('unreachable', `${where}: ${err.message}`);
}

/**
 * Speak SSH over `route`: check the host key against known_hosts, log in. The route is ended with the
 * connection, and with it when the connection fails.
 */
export async function connectClient(options: SshOptions, r: ResolvedHost, keys: LoadedKey[], route: Route): Promise<Client> {
  let auth: ReturnType<typeof authMethods>;
  try {
    auth = authMethods(r, keys, options.env ?? process.env);
  } catch (e) {
    route.close();
    throw e;
  }
  const paths = sshPaths(options.env, options.sshDir);
  const { Client } = await loadSsh2();
  const client = new Client();
  client.once('close', () => route.close());
  const seen: Seen = { head: Buffer.alloc(0), handshook: false };
  client.once('handshake', () => (seen.handshook = true));
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    let hostKeyProblem: TargetError | null = null;
    const fail = (err: (Error & { level?: string }) | null) => {
      if (settled) return;
      settled = true;
      client.end();
      route.close();
      if (hostKeyProblem) reject(hostKeyProblem);
      else void connectError(r, route, seen, err).then(reject);
    };
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      resolve(client);
    });
    client.on('error', (err: Error & { level?: string }) => fail(err));
    client.on('close', () => fail(null));
    const sock = route.open();
    client.connect({
      sock,
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
    // ssh2 paused the stream inside connect(), so this listener sees the first bytes without taking any from it.
    const record = (d: Buffer) => {
      seen.head = Buffer.concat([seen.head, d]).subarray(0, HEAD_BYTES);
      if (seen.head.length >= HEAD_BYTES || seen.handshook) sock.off('data', record);
    };
    sock.on('data', record);
  });
}
