import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { posix } from 'node:path';
import type ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';
import { appendKnownHost, checkKnownHosts, fingerprint, keyTypeOf, readKnownHosts } from './known-hosts.js';
import { putFileOver, type PutFileOptions } from './put-file.js';
import { quote, raw, type Raw } from './shell.js';
import { isRunpodProxy, resolveHost, RUNPOD_PROXY_HINT, sshPaths, type ResolvedHost } from './ssh-config.js';
import { feedStdin, TargetError, type DirEntry, type ExecOptions, type ExecResult, type FileStat, type Target } from './target.js';

export type ConnectionState =
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'reconnecting'; attempt: number; inMs: number; reason: string }
  | { state: 'lost'; reason: string }
  | { state: 'closed' };

export interface HostKeyPrompt {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
}

export interface SshOptions {
  /** `~/.ssh/config` alias or `user@host:port`. */
  spec: string;
  /** Private key file (`--identity`), tried before IdentityFile entries. */
  identity?: string;
  /** Add an unknown host key to known_hosts without asking (never accepts a changed key). */
  acceptNew?: boolean;
  /** Replaces ~/.ssh (config, known_hosts, default keys). */
  sshDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Asked for an encrypted key's passphrase; null when no terminal can ask. */
  askPassphrase?: (keyFile: string) => Promise<string | null>;
  /** Asked when the host key is unknown; return true to trust it (it is then appended to known_hosts). */
  confirmHostKey?: (prompt: HostKeyPrompt) => Promise<boolean>;
  keepaliveMs?: number;
  readyTimeoutMs?: number;
  /** Reconnection after a drop: delays grow 1 s, 2 s, 3 s, 5 s, 8 s, 10 s… up to `maxAttempts`. */
  reconnect?: { maxAttempts?: number; delaysMs?: number[] };
  /** SFTP channels used by putFile in parallel (default: chosen from the round-trip time, see transferPlan). */
  sftpChannels?: number;
}

interface Session {
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

export interface TransferPlan {
  /** Measured round trip of one SFTP request, in ms. */
  rttMs: number;
  channels: number;
  /** Files uploaded at once. */
  parallel: number;
}

/** See SshTarget.transferPlan. */
export function planFor(rttMs: number): TransferPlan {
  if (rttMs < 5) return { rttMs, channels: 1, parallel: 2 };
  return { rttMs, channels: Math.min(4, Math.max(2, Math.ceil(rttMs / 20))), parallel: Math.min(16, Math.max(4, Math.ceil(rttMs / 10) * 2)) };
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

// ssh2 loads with the first connection: a command that never connects starts without it.
// It is CommonJS: named imports of values fail under Node's ESM loader.
const loadSsh2 = async () => (await import('ssh2')).default;
type Client = InstanceType<typeof ssh2.Client>;

const DEFAULT_DELAYS = [1000, 2000, 3000, 5000, 8000, 10000];

/** Errors that mean "the connection went away": the operation may be retried after reconnecting. */
function isDropError(e: unknown): boolean {
  if (e instanceof TargetError) return e.code === 'disconnected';
  const msg = String((e as Error)?.message ?? e);
  const code = (e as NodeJS.ErrnoException)?.code;
  return (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNREFUSED' ||
    /No response from server|Not connected|Channel open failure|connection lost|socket|Unable to exec|closed|ECONNRESET|Timed out|keepalive/i.test(msg)
  );
}

/**
 * A pod over SSH: SFTP for files, exec channels (never a PTY: tqdm would truncate the progress line,
 * reference/ai-toolkit.md §1.3) for commands. Host keys are always checked against known_hosts.
 * After a drop it reconnects with backoff; idempotent file operations wait and retry, commands fail with
 * `disconnected` (the caller decides whether re-running is safe).
 */
export class SshTarget implements Target {
  readonly kind = 'ssh' as const;
  label: string;
  private session: Session | null = null;
  private connecting: Promise<Session> | null = null;
  private closedByUser = false;
  private listeners = new Set<(s: ConnectionState) => void>();
  private resolved: ResolvedHost | null = null;
  private keys: Array<{ file: string; key: Buffer; passphrase?: string }> | null = null;
  private lastState: ConnectionState = { state: 'connecting' };
  private reconnectLoop: Promise<Session> | null = null;

  constructor(readonly options: SshOptions) {
    this.label = options.spec;
  }

  /** Subscribe to connection state ("reconnecting in 3 s"); returns the unsubscribe function. */
  onState(listener: (s: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get state(): ConnectionState {
    return this.lastState;
  }

  get host(): ResolvedHost | null {
    return this.resolved;
  }

  private emit(s: ConnectionState): void {
    this.lastState = s;
    for (const l of this.listeners) l(s);
  }

  /** Connect (first time). Throws TargetError with a code and a hint the UI can show. */
  async connect(): Promise<void> {
    await this.ensure();
  }

  private async resolve(): Promise<ResolvedHost> {
    if (this.resolved) return this.resolved;
    const paths = sshPaths(this.options.env, this.options.sshDir);
    const configText = await readFile(paths.config, 'utf8').catch(() => '');
    const r = resolveHost(this.options.spec, configText, { defaultUser: safeUser() });
    if (!r) throw new TargetError('unreachable', `'${this.options.spec}' is not a host: use a ~/.ssh/config alias or user@host:port`);
    if (isRunpodProxy(r.host)) throw new TargetError('runpod-proxy', `${r.host} is RunPod's SSH proxy`, RUNPOD_PROXY_HINT);
    if (r.proxyJump) throw new TargetError('unreachable', `${this.options.spec} uses ProxyJump, which lorapilot does not support`, 'connect to the pod directly (its public IP and TCP port)');
    this.resolved = r;
    this.label = `${r.user}@${r.host}:${r.port}`;
    return r;
  }

  private async loadKeys(r: ResolvedHost): Promise<Array<{ file: string; key: Buffer; passphrase?: string }>> {
    if (this.keys) return this.keys;
    const paths = sshPaths(this.options.env, this.options.sshDir);
    const candidates = [
      ...(this.options.identity ? [this.options.identity] : []),
      ...r.identityFiles,
      ...(r.identityFiles.length === 0 && !this.options.identity ? ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => posix.join(paths.dir, f)) : []),
    ];
    const out: Array<{ file: string; key: Buffer; passphrase?: string }> = [];
    for (const file of [...new Set(candidates)]) {
      let key: Buffer;
      try {
        key = await readFile(file);
      } catch {
        if (file === this.options.identity) throw new TargetError('auth', `cannot read the key file ${file}`);
        continue;
      }
      const { utils } = await loadSsh2();
      const parsed = utils.parseKey(key);
      if (!(parsed instanceof Error)) {
        out.push({ file, key });
        continue;
      }
      if (/passphrase|encrypted/i.test(parsed.message)) {
        const pass = this.options.askPassphrase ? await this.options.askPassphrase(file) : null;
        if (pass === null) {
          throw new TargetError(
            'auth',
            `the key ${file} is protected by a passphrase and no terminal is available to ask for it`,
            'add the key to ssh-agent (ssh-add) or run the command in a terminal',
          );
        }
        const again = utils.parseKey(key, pass);
        if (again instanceof Error) throw new TargetError('auth', `wrong passphrase for ${file}`);
        out.push({ file, key, passphrase: pass });
      } else if (file === this.options.identity) {
        throw new TargetError('auth', `${file} is not a private key lorapilot can read: ${parsed.message}`);
      }
    }
    this.keys = out;
    return out;
  }

  private async ensure(): Promise<Session> {
    if (this.closedByUser) throw new TargetError('disconnected', 'the connection was closed');
    if (this.session) return this.session;
    if (this.reconnectLoop) return this.reconnectLoop;
    if (!this.connecting) {
      this.emit({ state: 'connecting' });
      this.connecting = this.open().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async open(): Promise<Session> {
    const r = await this.resolve();
    const keys = await this.loadKeys(r);
    const env = this.options.env ?? process.env;
    const auth: NonNullable<ConnectConfig['authHandler']> = [];
    for (const k of keys) auth.push({ type: 'publickey', username: r.user, key: k.key, passphrase: k.passphrase } as never);
    if (env.SSH_AUTH_SOCK) auth.push({ type: 'agent', username: r.user, agent: env.SSH_AUTH_SOCK } as never);
    if (auth.length === 0) {
      throw new TargetError('auth', 'no SSH key found', `pass --identity ~/.ssh/<key>, add an IdentityFile to ~/.ssh/config, or start ssh-agent`);
    }
    let hostKeyProblem: TargetError | null = null;
    const paths = sshPaths(this.options.env, this.options.sshDir);
    const { Client } = await loadSsh2();
    const client = new Client();
    const session = await new Promise<Session>((resolve, reject) => {
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
          resolve({ client, sftp, extra: [], ...newSessionParts(() => this.label) });
        });
      });
      client.on('error', (err: Error & { level?: string }) => {
        if (hostKeyProblem) return fail(hostKeyProblem);
        if (err.level === 'client-authentication') {
          return fail(new TargetError('auth', `${r.user}@${r.host}:${r.port} refused every key`, `check the user name and that your public key is in the pod's ~/.ssh/authorized_keys (RunPod: PUBLIC_KEY)`));
        }
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail(new TargetError('unreachable', `unknown host ${r.host}`, 'check the host name or IP'));
        if (code === 'ECONNREFUSED') return fail(new TargetError('unreachable', `${r.host}:${r.port} refused the connection`, 'is the pod running? RunPod shows the public IP and TCP port under Connect'));
        if (err.level === 'client-timeout' || /timed out/i.test(err.message)) return fail(new TargetError('unreachable', `${r.host}:${r.port} did not answer in time`, 'is the pod running and the port exposed?'));
        fail(new TargetError('unreachable', `${r.host}:${r.port}: ${err.message}`));
      });
      client.on('close', () => fail(hostKeyProblem ?? new TargetError('unreachable', `${r.host}:${r.port} closed the connection`)));
      client.connect({
        host: r.host,
        port: r.port,
        username: r.user,
        authHandler: auth,
        keepaliveInterval: this.options.keepaliveMs ?? 10_000,
        keepaliveCountMax: 3,
        readyTimeout: this.options.readyTimeoutMs ?? 20_000,
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          this.verifyHostKey(r, key, paths.knownHosts)
            .then(() => verify(true))
            .catch((e: unknown) => {
              hostKeyProblem = e instanceof TargetError ? e : new TargetError('failed', String(e));
              verify(false);
            });
        },
      } as ConnectConfig);
    });
    this.session = session;
    client.on('close', () => this.dropped('connection closed'));
    client.on('error', () => {});
    this.emit({ state: 'connected' });
    return session;
  }

  private async verifyHostKey(r: ResolvedHost, key: Buffer, file: string): Promise<void> {
    const verdict = checkKnownHosts(await readKnownHosts(file), r.host, r.port, key);
    const fp = fingerprint(key);
    if (verdict.status === 'known') return;
    if (verdict.status === 'changed' || verdict.status === 'revoked') {
      throw new TargetError(
        'host-key-changed',
        `WARNING: the host key of ${r.host}:${r.port} has CHANGED (${keyTypeOf(key)} ${fp}); ${file}:${verdict.line} has a different one. Someone could be intercepting the connection; lorapilot refuses to connect.`,
        `if the pod was recreated and you trust it, remove the old key: ssh-keygen -f ${quote(file)} -R ${quote(r.port === 22 ? r.host : `[${r.host}]:${r.port}`)}`,
      );
    }
    const prompt = { host: r.host, port: r.port, keyType: keyTypeOf(key), fingerprint: fp };
    let accept = this.options.acceptNew === true;
    if (!accept && this.options.confirmHostKey) accept = await this.options.confirmHostKey(prompt);
    if (!accept) {
      throw new TargetError(
        'host-key-unknown',
        `the host key of ${r.host}:${r.port} is not known: ${prompt.keyType} ${fp}`,
        'compare it with the pod (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub in its web terminal), then run again with --accept-new to trust it',
      );
    }
    await appendKnownHost(file, r.host, r.port, key);
  }

  private dropped(reason: string): void {
    const s = this.session;
    this.session = null;
    if (s) {
      s.drop.abort();
      for (const e of s.extra) e.end();
    }
    if (this.closedByUser || this.reconnectLoop) return;
    this.reconnectLoop = this.reconnect(reason).finally(() => {
      this.reconnectLoop = null;
    });
    this.reconnectLoop.catch(() => {});
  }

  private async reconnect(reason: string): Promise<Session> {
    const delays = this.options.reconnect?.delaysMs ?? DEFAULT_DELAYS;
    const max = this.options.reconnect?.maxAttempts ?? 12;
    let last: unknown = null;
    for (let attempt = 1; attempt <= max; attempt++) {
      if (this.closedByUser) break;
      const inMs = delays[Math.min(attempt - 1, delays.length - 1)];
      this.emit({ state: 'reconnecting', attempt, inMs, reason });
      await new Promise((r) => setTimeout(r, inMs));
      if (this.closedByUser) break;
      try {
        return await this.open();
      } catch (e) {
        last = e;
        // A changed host key or a refused login will not heal by retrying.
        if (e instanceof TargetError && (e.code === 'host-key-changed' || e.code === 'auth' || e.code === 'host-key-unknown')) break;
      }
    }
    const why = last instanceof Error ? last.message : reason;
    this.emit({ state: 'lost', reason: why });
    throw last instanceof TargetError ? last : new TargetError('disconnected', `lost the connection to ${this.label}: ${why}`);
  }

  /** Run an idempotent operation, waiting for a reconnection and retrying after a drop. */
  private async retry<T>(op: (s: Session) => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      const s = await this.ensure();
      try {
        return await Promise.race([op(s), s.lost]);
      } catch (e) {
        if (e instanceof TargetError && e.code !== 'disconnected') throw e;
        if (i >= 5 || !isDropError(e) || this.closedByUser) throw e instanceof TargetError ? e : new TargetError('failed', String((e as Error).message ?? e));
        // Make sure a drop noticed here (before 'close' fired) starts the reconnection.
        if (this.session === s) {
          s.client.end();
          this.dropped(String((e as Error).message));
        }
      }
    }
  }

  exec(command: Raw, options: ExecOptions = {}): Promise<ExecResult> {
    return this.ensure().then(
      (s) =>
        new Promise<ExecResult>((resolve, reject) => {
          const env = options.env && Object.keys(options.env).length > 0 ? envPrefix(options.env) : '';
          s.client.exec(env + command.text, (err: Error | undefined, ch: ClientChannel) => {
            if (err) {
              if (this.resolved && isRunpodProxy(this.resolved.host)) return reject(new TargetError('runpod-proxy', 'no command channel on this server', RUNPOD_PROXY_HINT));
              return reject(isDropError(err) ? new TargetError('disconnected', `lost the connection to ${this.label}`) : new TargetError('failed', err.message));
            }
            const out: Buffer[] = [];
            const errb: Buffer[] = [];
            let code: number | null = null;
            let sig: string | null = null;
            const onAbort = () => ch.close();
            options.signal?.addEventListener('abort', onAbort, { once: true });
            const onDrop = () => reject(new TargetError('disconnected', `lost the connection to ${this.label} while running a command`));
            s.drop.signal.addEventListener('abort', onDrop, { once: true });
            ch.on('data', (c: Buffer) => {
              out.push(c);
              options.onStdout?.(c);
            });
            ch.stderr.on('data', (c: Buffer) => {
              errb.push(c);
              options.onStderr?.(c);
            });
            ch.on('exit', (c: number | null, signalName?: string) => {
              code = c;
              sig = signalName ?? null;
            });
            ch.on('close', () => {
              options.signal?.removeEventListener('abort', onAbort);
              s.drop.signal.removeEventListener('abort', onDrop);
              if (code === null && sig === null && !options.signal?.aborted && !this.session) {
                return reject(new TargetError('disconnected', `lost the connection to ${this.label} while running a command`));
              }
              resolve({ code, signal: sig, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errb).toString('utf8') });
            });
            feedStdin(ch, options.stdin).catch(() => ch.close());
          });
        }),
    );
  }

  readFile(path: string): Promise<Buffer> {
    return this.retry((s) => sftpCall<Buffer>(path, (cb) => s.sftp.readFile(path, cb)));
  }

  readFrom(path: string, offset: number, length?: number): Promise<Buffer> {
    return this.retry(async (s) => {
      const handle = await sftpCall<Buffer>(path, (cb) => s.sftp.open(path, 'r', cb));
      try {
        const st = await sftpCall<{ size: number }>(path, (cb) => s.sftp.fstat(handle, cb));
        const n = Math.max(0, Math.min(length ?? Infinity, st.size - offset));
        const buf = Buffer.alloc(n);
        let got = 0;
        while (got < n) {
          const want = Math.min(n - got, 256 * 1024);
          const read = await new Promise<number>((res, rej) =>
            s.sftp.read(handle, buf, got, want, offset + got, (err, bytes) => (err ? rej(mapSftpError(path, err)) : res(bytes))),
          );
          if (read === 0) break;
          got += read;
        }
        return buf.subarray(0, got);
      } finally {
        s.sftp.close(handle, () => {});
      }
    });
  }

  writeFile(path: string, data: string | Uint8Array): Promise<void> {
    return this.retry((s) => sftpCall<void>(path, (cb) => s.sftp.writeFile(path, data as Buffer, cb)));
  }

  async appendFile(path: string, data: string | Uint8Array): Promise<void> {
    // Not retried: an append that reached the server before the drop would be doubled.
    const s = await this.ensure();
    await Promise.race([sftpCall<void>(path, (cb) => s.sftp.appendFile(path, data as Buffer, cb)), s.lost]).catch((e: unknown) => {
      throw isDropError(e) ? new TargetError('disconnected', `lost the connection to ${this.label}`) : e;
    });
  }

  stat(path: string): Promise<FileStat | null> {
    return this.retry(async (s) => {
      try {
        const st = await sftpCall<import('ssh2').Stats>(path, (cb) => s.sftp.stat(path, cb));
        return { size: st.size, mtimeMs: st.mtime * 1000, isFile: st.isFile(), isDirectory: st.isDirectory(), mode: st.mode };
      } catch (e) {
        if (e instanceof TargetError && e.code === 'not-found') return null;
        throw e;
      }
    });
  }

  list(path: string): Promise<DirEntry[]> {
    return this.retry(async (s) => {
      const entries = await sftpCall<import('ssh2').FileEntry[]>(path, (cb) => s.sftp.readdir(path, cb));
      return entries
        .filter((e) => e.filename !== '.' && e.filename !== '..')
        .map((e) => {
          const mode = e.attrs.mode ?? 0;
          return {
            name: e.filename,
            isFile: (mode & 0o170000) === 0o100000,
            isDirectory: (mode & 0o170000) === 0o040000,
            size: e.attrs.size ?? 0,
            mtimeMs: (e.attrs.mtime ?? 0) * 1000,
          };
        });
    });
  }

  rename(from: string, to: string): Promise<void> {
    return this.retry(async (s) => {
      // posix-rename@openssh.com replaces the target atomically; plain SFTP rename refuses an existing target.
      try {
        await sftpCall<void>(from, (cb) => s.sftp.ext_openssh_rename(from, to, cb));
      } catch (e) {
        if (e instanceof TargetError && e.code === 'not-found') {
          // After a retried rename, the source may already be at its destination.
          if (await this.statOn(s, to)) return;
        }
        throw e;
      }
    });
  }

  private async statOn(s: Session, path: string): Promise<boolean> {
    return sftpCall<unknown>(path, (cb) => s.sftp.stat(path, cb)).then(
      () => true,
      () => false,
    );
  }

  async remove(path: string): Promise<void> {
    const st = await this.stat(path);
    if (!st) return;
    if (st.isDirectory) {
      const r = await this.exec(raw(`rm -rf -- ${quote(path)}`));
      if (r.code !== 0) throw new TargetError('failed', `could not remove ${path}: ${r.stderr.trim()}`);
      return;
    }
    await this.retry(async (s) => {
      try {
        await sftpCall<void>(path, (cb) => s.sftp.unlink(path, cb));
      } catch (e) {
        if (e instanceof TargetError && e.code === 'not-found') return;
        throw e;
      }
    });
  }

  async mkdirp(path: string): Promise<void> {
    await this.retry(async (s) => {
      const parts = posix.resolve('/', path).split('/').filter(Boolean);
      let cur = '';
      for (const p of parts) {
        cur += '/' + p;
        const exists = await sftpCall<import('ssh2').Stats>(cur, (cb) => s.sftp.stat(cur, cb)).then(
          (st) => st,
          () => null,
        );
        if (exists) {
          if (!exists.isDirectory()) throw new TargetError('failed', `${cur} exists and is not a folder`);
          continue;
        }
        await sftpCall<void>(cur, (cb) => s.sftp.mkdir(cur, cb)).catch(async (e: unknown) => {
          if (!(await this.statOn(s, cur))) throw e;
        });
      }
    });
  }

  home(): Promise<string> {
    return this.retry((s) => sftpCall<string>('.', (cb) => s.sftp.realpath('.', cb)));
  }

  /**
   * Copy a local file to `remote`, starting at byte `start` (resume). Requests are pipelined and spread over
   * several SFTP channels when several files go at once.
   */
  async putFile(local: string, remote: string, opts: PutFileOptions = {}): Promise<void> {
    const s = await this.ensure();
    const sftp = await Promise.race([this.pickSftp(s), s.lost]);
    try {
      await putFileOver(sftp, local, remote, { ...opts, signal: opts.signal ? AbortSignal.any([opts.signal, s.drop.signal]) : s.drop.signal });
    } catch (e) {
      if (s.drop.signal.aborted || (isDropError(e) && !(e instanceof TargetError && e.code !== 'disconnected'))) throw new TargetError('disconnected', `lost the connection to ${this.label} during an upload`);
      throw e;
    }
  }

  private rr = 0;
  private async pickSftp(s: Session): Promise<SFTPWrapper> {
    const want = Math.min(this.options.sftpChannels ?? (await this.transferPlan()).channels, s.channelCap ?? Infinity);
    if (s.extra.length < want - 1) {
      // One opening at a time: parallel uploads asking at once must not open a channel each.
      s.opening ??= new Promise<SFTPWrapper | null>((res) => s.client.sftp((err, sftp) => res(err ? null : sftp))).then((extra) => {
        if (extra) s.extra.push(extra);
        else s.channelCap = 1 + s.extra.length; // the server allows no more sessions (MaxSessions): use what is open
        s.opening = null;
      });
      await s.opening;
    }
    const all = [s.sftp, ...s.extra];
    return all[this.rr++ % all.length];
  }

  private plan: Promise<TransferPlan> | null = null;

  /**
   * How many SFTP channels and files in flight suit this link, from its round-trip time. An SSH channel
   * carries at most one window (2 MiB from OpenSSH) per round trip, and every file costs a few round trips
   * (open, last write, close), so a distant pod needs several of each; on a LAN or loopback the bytes are
   * bound by CPU instead, and one channel with two files is fastest (bench/upload.ts).
   */
  transferPlan(): Promise<TransferPlan> {
    this.plan ??= this.ensure().then(async (s) => {
      let rtt = Infinity;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await Promise.race([sftpCall<string>('.', (cb) => s.sftp.realpath('.', cb)), s.lost]);
        rtt = Math.min(rtt, performance.now() - t);
      }
      return planFor(rtt);
    });
    this.plan.catch(() => (this.plan = null));
    return this.plan;
  }

  async uploadParallelism(): Promise<number> {
    return (await this.transferPlan()).parallel;
  }

  async close(): Promise<void> {
    this.closedByUser = true;
    const s = this.session;
    this.session = null;
    if (s) s.client.end();
    this.emit({ state: 'closed' });
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'root';
  }
}

function envPrefix(env: Record<string, string>): string {
  return (
    Object.entries(env)
      .map(([k, v]) => {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new TargetError('failed', `invalid environment variable name: ${k}`);
        return `export ${k}=${quote(v)}; `;
      })
      .join('')
  );
}

export function mapSftpError(path: string, err: Error & { code?: number | string }): TargetError {
  if (err.code === 2) return new TargetError('not-found', `no such file: ${path}`);
  if (err.code === 3) return new TargetError('permission', `permission denied: ${path}`);
  if (isDropError(err)) return new TargetError('disconnected', `connection lost (${path})`);
  return new TargetError('failed', `${path}: ${err.message}`);
}

function sftpCall<T>(path: string, fn: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      fn((err, value) => (err ? reject(mapSftpError(path, err)) : resolve(value)));
    } catch (e) {
      reject(mapSftpError(path, e as Error));
    }
  });
}
