import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connectClient, type Client, type Route } from './ssh-client.js';
import type { ResolvedHost } from './ssh-config.js';
import { loadKeys } from './ssh-keys.js';
import { startProxyCommand } from './ssh-proxy-command.js';
import type { SshOptions } from './ssh-types.js';
import { TargetError } from './target.js';

/**
 * The stream to a server, exactly the way the config says and no other: TCP to HostName:Port, a ProxyCommand's
 * stdin/stdout, or a direct-tcpip channel through each ProxyJump hop in turn. A route that cannot be taken
 * is an error, never a direct connection instead.
 */
export async function openRoute(options: SshOptions, r: ResolvedHost): Promise<Route> {
  const p = r.proxy;
  if (p.kind === 'invalid') throw new TargetError('unreachable', p.message, p.hint ?? 'fix ProxyCommand / ProxyJump for this host in ~/.ssh/config');
  if (p.kind === 'command') {
    const proc = startProxyCommand(p.command, options.env ? { ...process.env, ...options.env } : process.env);
    return { open: () => proc.sock, close: proc.kill, failure: proc.failure };
  }
  if (p.kind === 'jump') return jump(options, r, p.hops);
  let sock: Socket | null = null;
  return {
    open: () => (sock = connect({ host: r.host, port: r.port })),
    close: () => sock?.destroy(),
    failure: async () => null,
  };
}

/** A direct-tcpip channel from `client` to host:port, as `ssh -W` opens one. */
function forward(client: Client, from: ResolvedHost, to: { host: string; port: number }): Promise<Duplex> {
  return new Promise((resolve, reject) =>
    client.forwardOut('127.0.0.1', 0, to.host, to.port, (err, stream) =>
      err
        ? reject(new TargetError('unreachable', `the jump host ${from.user}@${from.host}:${from.port} could not open a connection to ${to.host}:${to.port}: ${err.message}`, 'check that the jump host can reach the pod, and that it allows TCP forwarding (AllowTcpForwarding)'))
        : resolve(stream),
    ),
  );
}

async function jump(options: SshOptions, target: ResolvedHost, hops: ResolvedHost[]): Promise<Route> {
  // A jump host logs in with its own keys (IdentityFile, the defaults, the agent); --identity is for the pod.
  const hopOptions: SshOptions = { ...options, identity: undefined };
  const clients: Client[] = [];
  const close = () => {
    for (const c of clients.reverse()) c.end();
    clients.length = 0;
  };
  try {
    let route = await openRoute(hopOptions, hops[0]);
    for (let i = 0; i < hops.length; i++) {
      const hop = hops[i];
      const client = await connectClient(hopOptions, hop, await loadKeys(hopOptions, hop), route);
      clients.push(client);
      const next = hops[i + 1] ?? target;
      const sock = await forward(client, hop, next);
      route = { open: () => sock, close: () => sock.destroy(), failure: async () => null };
    }
    const last = route.open();
    // The target's connection ends the hops; a hop that drops ends the target's stream with it.
    for (const c of clients) c.once('close', () => last.destroy());
    return { open: () => last, close, failure: async () => null };
  } catch (e) {
    close();
    throw e;
  }
}
