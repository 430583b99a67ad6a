import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the user's SSH files live. `LORAPILOT_SSH_DIR` (or the `sshDir` option) replaces `~/.ssh`, so tests and
 * sandboxes use throwaway files and never touch the real ones.
 */
export interface SshPaths {
  dir: string;
  config: string;
  knownHosts: string;
}

export function sshPaths(env: NodeJS.ProcessEnv = process.env, sshDir?: string): SshPaths {
  const dir = sshDir ?? env.LORAPILOT_SSH_DIR ?? join(homedir(), '.ssh');
  return { dir, config: join(dir, 'config'), knownHosts: join(dir, 'known_hosts') };
}

export interface HostSpec {
  user?: string;
  host: string;
  port?: number;
}

/** `user@host:port`, `host:port`, `user@host`, `[::1]:2222`, or a bare alias. Returns null when malformed. */
export function parseHostSpec(spec: string): HostSpec | null {
  const s = spec.trim();
  if (s === '' || /\s/.test(s)) return null;
  let user: string | undefined;
  let rest = s;
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    user = s.slice(0, at);
    rest = s.slice(at + 1);
    if (user === '') return null;
  }
  let host = rest;
  let port: number | undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracket) {
    host = bracket[1];
    if (bracket[2]) port = Number(bracket[2]);
  } else {
    const colon = rest.split(':');
    if (colon.length === 2) {
      host = colon[0];
      if (!/^\d+$/.test(colon[1])) return null;
      port = Number(colon[1]);
    } else if (colon.length > 2) {
      host = rest; // bare IPv6
    }
  }
  if (host === '' || (port !== undefined && (port < 1 || port > 65535))) return null;
  return { user, host, port };
}

export interface ResolvedHost {
  /** What the user typed (alias or spec). */
  alias: string;
  host: string;
  port: number;
  user: string;
  identityFiles: string[];
  /** True when a `Host` block of ~/.ssh/config matched. */
  fromConfig: boolean;
  proxyJump?: string;
}

interface ConfigBlock {
  patterns: string[];
  options: Array<[string, string]>;
}

/** The `Host` blocks of an ssh_config file (Match blocks are skipped: lorapilot cannot evaluate them). */
export function parseSshConfig(text: string): ConfigBlock[] {
  const blocks: ConfigBlock[] = [{ patterns: ['*'], options: [] }];
  let skipping = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = unquote(m[2].trim());
    if (key === 'host') {
      blocks.push({ patterns: splitWords(m[2]), options: [] });
      skipping = false;
    } else if (key === 'match') {
      skipping = true;
    } else if (!skipping) {
      blocks[blocks.length - 1].options.push([key, value]);
    }
  }
  return blocks;
}

function splitWords(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[1] ?? m[2]);
  return out;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(value);
}

function hostMatches(patterns: string[], host: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), host)) return false;
    } else if (globMatch(p, host)) matched = true;
  }
  return matched;
}

function expandTilde(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/**
 * Resolve what to connect to, the way `ssh` does: first value wins for each option, across every matching Host
 * block in file order. `%h`, `%u`, `%p`, `%%` and `~` are expanded in IdentityFile.
 */
export function resolveHost(spec: string, configText: string, opts: { defaultUser: string; home?: string; sshDir?: string }): ResolvedHost | null {
  const parsed = parseHostSpec(spec);
  if (!parsed) return null;
  const home = opts.home ?? homedir();
  const found = new Map<string, string>();
  const identityFiles: string[] = [];
  let fromConfig = false;
  for (const block of parseSshConfig(configText)) {
    if (!hostMatches(block.patterns, parsed.host)) continue;
    if (!(block.patterns.length === 1 && block.patterns[0] === '*')) fromConfig = true;
    for (const [k, v] of block.options) {
      if (k === 'identityfile') identityFiles.push(v);
      else if (!found.has(k)) found.set(k, v);
    }
  }
  const host = found.get('hostname')?.replace(/%h/g, parsed.host) ?? parsed.host;
  const port = parsed.port ?? (found.has('port') ? Number(found.get('port')) : 22);
  const user = parsed.user ?? found.get('user') ?? opts.defaultUser;
  const expand = (f: string) =>
    expandTilde(
      f.replace(/%(.)/g, (_, c: string) => (c === 'h' ? host : c === 'u' ? user : c === 'p' ? String(port) : c === 'd' ? home : c === '%' ? '%' : `%${c}`)),
      home,
    );
  return {
    alias: spec,
    host,
    port: Number.isInteger(port) && port > 0 ? port : 22,
    user,
    identityFiles: identityFiles.map(expand),
    fromConfig,
    proxyJump: found.get('proxyjump'),
  };
}

/** RunPod's SSH proxy gives a shell only: no exec channel, no SFTP (reference/ai-toolkit.md §9, DESIGN.md). */
export function isRunpodProxy(host: string): boolean {
  return /(^|\.)ssh\.runpod\.io$/i.test(host);
}

export const RUNPOD_PROXY_HINT =
  "RunPod's ssh.runpod.io proxy offers an interactive shell only (no command channel, no SFTP), so lorapilot cannot use it. " +
  "In the RunPod console open the pod's Connect tab, use 'SSH over exposed TCP' and connect to its public IP and port, " +
  'e.g. lorapilot pod doctor root@203.0.113.7:22041';
