import { homedir, userInfo } from 'node:os';
import type { SFTPWrapper } from 'ssh2';
import { putFileOver, type PutFileOptions } from './put-file.js';
import { isDropError, sftpCall } from './sftp-call.js';
import { listOn, mkdirpOn, readFromOn, renameOn, statOn, unlinkOn } from './sftp-ops.js';
import { quote, raw, type Raw } from './shell.js';
import { isRunpodProxy, resolveHost, RUNPOD_PROXY_HINT, sshPaths, type ResolvedHost } from './ssh-config.js';
import { readSshConfig } from './ssh-config-file.js';
import { execOn } from './ssh-exec.js';
import { loadKeys, type LoadedKey } from './ssh-keys.js';
import { openSession, type Session } from './ssh-session.js';
import { planFor, type ConnectionState, type SshOptions, type TransferPlan } from './ssh-types.js';
import { TargetError, type DirEntry, type ExecOptions, type ExecResult, type FileStat, type Target } from './target.js';

export type { ConnectionState, HostKeyPrompt, SshOptions, TransferPlan } from './ssh-types.js';
export { planFor } from './ssh-types.js';

const DEFAULT_DELAYS = [1000, 2000, 3000, 5000, 8000, 10000];

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
  private keys: LoadedKey[] | null = null;
  private lastState: ConnectionState = { state: 'connecting' };
  private reconnectLoop: Promise<Session> | null = null;
  private rr = 0;
  private plan: Promise<TransferPlan> | null = null;

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
    const home = homedir();
    const blocks = await readSshConfig(paths.config, { sshDir: paths.dir, home });
    const r = resolveHost(this.options.spec, blocks, { defaultUser: safeUser(), home });
    if (!r) throw new TargetError('unreachable', `'${this.options.spec}' is not a host: use a ~/.ssh/config alias or user@host:port`);
    if (isRunpodProxy(r.host)) throw new TargetError('runpod-proxy', `${r.host} is RunPod's SSH proxy`, RUNPOD_PROXY_HINT);
    if (r.proxy.kind === 'invalid') throw new TargetError('unreachable', r.proxy.message, r.proxy.hint ?? 'fix ProxyCommand / ProxyJump for this host in ~/.ssh/config');
    this.resolved = r;
    this.label = `${r.user}@${r.host}:${r.port}`;
    return r;
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
    this.keys ??= await loadKeys(this.options, r);
    const session = await openSession(this.options, r, this.keys, () => this.label);
    this.session = session;
    session.client.on('close', () => this.dropped('connection closed'));
    session.client.on('error', () => {});
    this.emit({ state: 'connected' });
    return session;
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
        if (e instanceof TargetError && (e.code === 'host-key-changed' || e.code === 'host-key-revoked' || e.code === 'auth' || e.code === 'host-key-unknown')) break;
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
    return this.ensure().then((s) =>
      execOn(s, command, options, { label: this.label, proxy: !!this.resolved && isRunpodProxy(this.resolved.host), connected: () => this.session !== null }),
    );
  }

  readFile(path: string): Promise<Buffer> {
    return this.retry((s) => sftpCall<Buffer>(path, (cb) => s.sftp.readFile(path, cb)));
  }

  readFrom(path: string, offset: number, length?: number): Promise<Buffer> {
    return this.retry((s) => readFromOn(s.sftp, path, offset, length));
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
    return this.retry((s) => statOn(s.sftp, path));
  }

  list(path: string): Promise<DirEntry[]> {
    return this.retry((s) => listOn(s.sftp, path));
  }

  rename(from: string, to: string): Promise<void> {
    return this.retry((s) => renameOn(s.sftp, from, to));
  }

  async remove(path: string): Promise<void> {
    const st = await this.stat(path);
    if (!st) return;
    if (st.isDirectory) {
      const r = await this.exec(raw(`rm -rf -- ${quote(path)}`));
      if (r.code !== 0) throw new TargetError('failed', `could not remove ${path}: ${r.stderr.trim()}`);
      return;
    }
    await this.retry((s) => unlinkOn(s.sftp, path));
  }

  async mkdirp(path: string): Promise<void> {
    await this.retry((s) => mkdirpOn(s.sftp, path));
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
