/**
 * ProxyCommand and ProxyJump values as ssh_config(5) defines them: the TOKENS both accept, and the jump list.
 * Pure; resolving each hop against the config is resolveHost's.
 */

export interface ProxyTokens {
  /** %h: the host name after HostName. */
  host: string;
  /** %n: the host as the user gave it. */
  original: string;
  /** %p */
  port: number;
  /** %r */
  user: string;
}

/** `%h %n %p %r %%` expanded; any other token is an error, as in ssh, rather than a guess. */
export function expandProxyTokens(value: string, t: ProxyTokens): { ok: true; value: string } | { ok: false; token: string } {
  let bad: string | null = null;
  const out = value.replace(/%(.?)/gs, (all, c: string) => {
    switch (c) {
      case 'h':
        return t.host;
      case 'n':
        return t.original;
      case 'p':
        return String(t.port);
      case 'r':
        return t.user;
      case '%':
        return '%';
      default:
        bad ??= all;
        return all;
    }
  });
  return bad === null ? { ok: true, value: out } : { ok: false, token: bad };
}

/** The hops of a ProxyJump value: `[user@]host[:port]` or `ssh://[user@]host[:port]`, comma-separated. */
export function jumpHops(value: string): { ok: true; hops: string[] } | { ok: false; bad: string } {
  const hops: string[] = [];
  for (const raw of value.split(',')) {
    const hop = raw.trim().replace(/^ssh:\/\//i, '').replace(/\/$/, '');
    if (hop === '' || /[\s/]/.test(hop)) return { ok: false, bad: raw.trim() };
    hops.push(hop);
  }
  return { ok: true, hops };
}

/** Both are set by the first of them to appear (ssh_config(5): "whichever is specified first"). */
export function firstProxyOption(options: ReadonlyArray<[string, string]>): ['proxycommand' | 'proxyjump', string] | null {
  for (const [k, v] of options) if (k === 'proxycommand' || k === 'proxyjump') return [k, v];
  return null;
}
