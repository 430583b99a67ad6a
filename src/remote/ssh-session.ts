import { setMaxListeners } from 'node:events';
import type { SFTPWrapper } from 'ssh2';
import { connectClient, type Client } from './ssh-client.js';
import { isRunpodProxy, RUNPOD_PROXY_HINT, type ResolvedHost } from './ssh-config.js';
import type { LoadedKey } from './ssh-keys.js';
import { openRoute } from './ssh-route.js';
import type { SshOptions } from './ssh-types.js';
import { TargetError } from './target.js';

export type { Client } from './ssh-client.js';

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

/** Connect the way the config says, check the host key, log in and open the first SFTP channel. */
export async function openSession(options: SshOptions, r: ResolvedHost, keys: LoadedKey[], label: () => string): Promise<Session> {
  const client = await connectClient(options, r, keys, await openRoute(options, r));
  // Without TCP_NODELAY every small request (stat, rename, close) can wait on a delayed ACK.
  client.setNoDelay(true);
  return new Promise<Session>((resolve, reject) => {
    client.sftp((err, sftp) => {
      if (err) {
        client.end();
        reject(
          isRunpodProxy(r.host)
            ? new TargetError('runpod-proxy', 'no SFTP on this server', RUNPOD_PROXY_HINT)
            : new TargetError('failed', `the server refused SFTP: ${err.message}`, 'enable the sftp subsystem in the pod sshd_config'),
        );
        return;
      }
      resolve({ client, sftp, extra: [], ...newSessionParts(label) });
    });
  });
}
