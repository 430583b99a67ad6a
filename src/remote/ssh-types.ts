/** What an SSH target is given and what it reports: options, connection states, the host-key question, the transfer plan. */

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
