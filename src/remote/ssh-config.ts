import { homedir } from 'node:os';
import { join } from 'node:path';
import { stripAnsi } from '../text/sanitize.js';
import { blockApplies, parseSshConfig, type ConfigBlock } from './ssh-config-parse.js';
import { expandProxyTokens, firstProxyOption, jumpHops, type ProxyTokens } from './ssh-proxy-config.js';

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

/** How to reach the server, from ProxyCommand / ProxyJump (or neither). */
export type ProxyRoute =
  | { kind: 'direct' }
  /** Run through `/bin/sh -c` with its tokens expanded; SSH goes over its stdin and stdout. */
  | { kind: 'command'; command: string }
  /** Connect to the first hop (with its own config, keys and host key), then forward through each to the next. */
  | { kind: 'jump'; hops: ResolvedHost[] }
  /** A route lorapilot cannot take: refused, never replaced by a direct connection. */
  | { kind: 'invalid'; message: string; hint?: string };

export interface ResolvedHost {
  /** What the user typed (alias or spec). */
  alias: string;
  host: string;
  port: number;
  user: string;
  identityFiles: string[];
  /** True when a `Host` block of ~/.ssh/config matched. */
  fromConfig: boolean;
  proxy: ProxyRoute;
}

export { parseSshConfig, type ConfigBlock } from './ssh-config-parse.js';

/** `~` and `~/…` as the home folder (OpenSSH expands no `~user` for these keywords lorapilot reads). */
export function expandTilde(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/** Jumps inside jumps (a hop's own ProxyJump) deeper than this are a loop in the config. */
const MAX_JUMP_DEPTH = 8;

export interface ResolveOptions {
  defaultUser: string;
  home?: string;
  sshDir?: string;
}

/**
 * Resolve what to connect to, the way `ssh` does: first value wins for each option, across every matching Host
 * block in file order. `%h`, `%u`, `%p`, `%%` and `~` are expanded in IdentityFile. `config` is the file's
 * text, or its blocks with Include already followed (readSshConfig).
 */
export function resolveHost(spec: string, config: string | ConfigBlock[], opts: ResolveOptions, depth = 0): ResolvedHost | null {
  const parsed = parseHostSpec(spec);
  if (!parsed) return null;
  const blocks = typeof config === 'string' ? parseSshConfig(config) : config;
  const home = opts.home ?? homedir();
  const found = new Map<string, string>();
  const identityFiles: string[] = [];
  const applied: Array<[string, string]> = [];
  let fromConfig = false;
  for (const block of blocks) {
    if (!blockApplies(block, parsed.host)) continue;
    if (!(block.patterns.length === 1 && block.patterns[0] === '*')) fromConfig = true;
    for (const [k, v] of block.options) {
      applied.push([k, v]);
      if (k === 'identityfile') identityFiles.push(v);
      else if (!found.has(k)) found.set(k, v);
    }
  }
  const host = found.get('hostname')?.replace(/%h/g, parsed.host) ?? parsed.host;
  const rawPort = parsed.port ?? (found.has('port') ? Number(found.get('port')) : 22);
  const port = Number.isInteger(rawPort) && rawPort > 0 && rawPort < 65536 ? rawPort : 22;
  const user = parsed.user ?? found.get('user') ?? opts.defaultUser;
  const expand = (f: string) =>
    expandTilde(
      f.replace(/%(.)/g, (_, c: string) => (c === 'h' ? host : c === 'u' ? user : c === 'p' ? String(port) : c === 'd' ? home : c === '%' ? '%' : `%${c}`)),
      home,
    );
  const base = { alias: spec, host, port, user, identityFiles: identityFiles.map(expand), fromConfig };
  const tokens = { host, original: parsed.host, port, user };
  return { ...base, proxy: proxyRoute(applied, found, tokens, blocks, opts, depth) };
}

function proxyRoute(applied: Array<[string, string]>, found: Map<string, string>, tokens: ProxyTokens, blocks: ConfigBlock[], opts: ResolveOptions, depth: number): ProxyRoute {
  const first = firstProxyOption(applied);
  if (!first || first[1].toLowerCase() === 'none') return { kind: 'direct' };
  const [key, value] = first;
  const name = key === 'proxycommand' ? 'ProxyCommand' : 'ProxyJump';
  const expanded = expandProxyTokens(value, tokens);
  if (!expanded.ok) return { kind: 'invalid', message: `${name} for ${tokens.original} uses ${expanded.token}, which ssh_config does not define there (only %h %n %p %r %%)` };
  if (key === 'proxycommand') {
    if (/^(yes|true)$/i.test(found.get('proxyusefdpass') ?? '')) {
      return { kind: 'invalid', message: `${tokens.original} uses ProxyUseFdpass, which lorapilot cannot do`, hint: 'set ProxyUseFdpass no for this host, or use ProxyJump' };
    }
    if (expanded.value.trim() === '-') return { kind: 'invalid', message: `ProxyCommand - (SSH over lorapilot's own stdin) is not supported for ${tokens.original}` };
    return { kind: 'command', command: expanded.value };
  }
  const list = jumpHops(expanded.value);
  if (!list.ok) return { kind: 'invalid', message: `ProxyJump for ${tokens.original} has a hop lorapilot cannot read: '${stripAnsi(list.bad)}'`, hint: 'write each hop as [user@]host[:port] or ssh://[user@]host[:port], separated by commas' };
  if (depth >= MAX_JUMP_DEPTH) return { kind: 'invalid', message: `ProxyJump for ${tokens.original} nests more than ${MAX_JUMP_DEPTH} jumps deep (do two hosts jump through each other?)` };
  const hops: ResolvedHost[] = [];
  for (const [i, spec] of list.hops.entries()) {
    const hop = resolveHost(spec, blocks, opts, depth + 1);
    if (!hop) return { kind: 'invalid', message: `ProxyJump for ${tokens.original} has a hop lorapilot cannot read: '${spec}'` };
    if (hop.proxy.kind === 'invalid') return hop.proxy;
    // As `ssh -J`: only the first hop is reached the way its own config says; the next ones through it.
    hops.push(i === 0 ? hop : { ...hop, proxy: { kind: 'direct' } });
  }
  return { kind: 'jump', hops };
}

/** How a route reads in messages: `via ProxyCommand '…'`, `via jump.example.org`. */
export function routeText(r: ResolvedHost): string {
  if (r.proxy.kind === 'command') return ` via ProxyCommand '${stripAnsi(r.proxy.command)}'`;
  if (r.proxy.kind === 'jump') return ` via ${r.proxy.hops.map((h) => `${h.user}@${h.host}:${h.port}`).join(', ')}`;
  return '';
}

/** RunPod's SSH proxy gives a shell only: no exec channel, no SFTP (reference/ai-toolkit.md §9, DESIGN.md). */
export function isRunpodProxy(host: string): boolean {
  return /(^|\.)ssh\.runpod\.io$/i.test(host);
}

export const RUNPOD_PROXY_HINT =
  "RunPod's ssh.runpod.io proxy offers an interactive shell only (no command channel, no SFTP), so lorapilot cannot use it. " +
  "In the RunPod console open the pod's Connect tab, use 'SSH over exposed TCP' and connect to its public IP and port, " +
  'e.g. lorapilot pod doctor root@203.0.113.7:22041';
