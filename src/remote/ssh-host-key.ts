import { appendKnownHost, checkKnownHosts, fingerprint, keyTypeOf, readKnownHosts } from './known-hosts.js';
import { quote } from './shell.js';
import type { ResolvedHost } from './ssh-config.js';
import type { SshOptions } from './ssh-types.js';
import { TargetError } from './target.js';

/**
 * Host-key checking as OpenSSH does it, never off: a known key passes, a changed or revoked one is refused
 * with how to clear it, an unknown one is trusted only when the user says so (or --accept-new) and is then
 * added to known_hosts.
 */
export async function verifyHostKey(options: SshOptions, r: ResolvedHost, key: Buffer, file: string): Promise<void> {
  const verdict = checkKnownHosts(await readKnownHosts(file), r.host, r.port, key);
  const fp = fingerprint(key);
  if (verdict.status === 'known') return;
  if (verdict.status === 'revoked') {
    throw new TargetError(
      'host-key-revoked',
      `the host key of ${r.host}:${r.port} (${keyTypeOf(key)} ${fp}) is REVOKED: ${file}:${verdict.line} marks it @revoked, so it must never be trusted again. lorapilot refuses to connect.`,
      'whoever revoked it thought the key compromised: ask the pod\'s owner for its new host key; never remove the @revoked line to get in',
    );
  }
  if (verdict.status === 'changed') {
    throw new TargetError(
      'host-key-changed',
      `WARNING: the host key of ${r.host}:${r.port} has CHANGED (${keyTypeOf(key)} ${fp}); ${file}:${verdict.line} has a different one. Someone could be intercepting the connection; lorapilot refuses to connect.`,
      `if the pod was recreated and you trust it, remove the old key: ssh-keygen -f ${quote(file)} -R ${quote(r.port === 22 ? r.host : `[${r.host}]:${r.port}`)}`,
    );
  }
  const prompt = { host: r.host, port: r.port, keyType: keyTypeOf(key), fingerprint: fp };
  let accept = options.acceptNew === true;
  if (!accept && options.confirmHostKey) accept = await options.confirmHostKey(prompt);
  if (!accept) {
    throw new TargetError(
      'host-key-unknown',
      `the host key of ${r.host}:${r.port} is not known: ${prompt.keyType} ${fp}`,
      'compare it with the pod (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub in its web terminal), then run again with --accept-new to trust it',
    );
  }
  await appendKnownHost(file, r.host, r.port, key);
}
