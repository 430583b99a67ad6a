import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { quote } from './shell.js';
import { TargetError } from './target.js';

/** OpenSSH's name for a host in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The key type inside an SSH wire-format public key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** `SHA256:...` as `ssh-keygen -lf` and `ssh` print it. */
export function fingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

export type HostKeyVerdict =
  | { status: 'known' }
  | { status: 'unknown' }
  | { status: 'changed'; line: number; knownType: string }
  | { status: 'revoked'; line: number };

function hostFieldMatches(field: string, names: string[]): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt64, hash64] = field.split('|');
    if (!salt64 || !hash64) return false;
    const salt = Buffer.from(salt64, 'base64');
    return names.some((n) => createHmac('sha1', salt).update(n).digest('base64') === hash64);
  }
  let matched = false;
  for (const pat of field.split(',')) {
    const negate = pat.startsWith('!');
    const p = negate ? pat.slice(1) : pat;
    const re = new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
    if (names.some((n) => re.test(n))) {
      if (negate) return false;
      matched = true;
    }
  }
  return matched;
}

/**
 * Check a server's host key against known_hosts text (plain and hashed entries, `[host]:port`, @revoked).
 * `changed` means the host is known with a different key of the same type: possibly an attack, never accepted.
 */
export function checkKnownHosts(text: string, host: string, port: number, blob: Buffer): HostKeyVerdict {
  const names = [knownHostName(host, port)];
  const type = keyTypeOf(blob);
  const b64 = blob.toString('base64');
  let changed: HostKeyVerdict | null = null;
  let known = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: string | null = null;
    if (fields[0].startsWith('@')) marker = fields.shift() ?? null;
    if (fields.length < 3) continue;
    const [hosts, ktype, key] = fields;
    if (marker === '@cert-authority') continue;
    if (!hostFieldMatches(hosts, names)) continue;
    if (marker === '@revoked') {
      if (key === b64) return { status: 'revoked', line: i + 1 };
      continue;
    }
    if (ktype === type && key === b64) known = true;
    else if (ktype === type && !changed) changed = { status: 'changed', line: i + 1, knownType: ktype };
  }
  if (known) return { status: 'known' };
  return changed ?? { status: 'unknown' };
}

export function knownHostsLine(host: string, port: number, blob: Buffer): string {
  return `${knownHostName(host, port)} ${keyTypeOf(blob)} ${blob.toString('base64')}`;
}

/**
 * The known_hosts text; '' when there is none yet. One that cannot be read is said plainly: without it no
 * host key can be checked, and lorapilot never connects unchecked.
 */
export async function readKnownHosts(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return '';
    if (code === 'EISDIR') {
      throw new TargetError('failed', `${file} is a directory, not a known_hosts file: lorapilot cannot check the pod's host key`, `move it away (mv ${quote(file)} ${quote(`${file}.dir`)}); ssh and lorapilot then start a new known_hosts file`);
    }
    throw new TargetError('failed', `cannot read ${file} (${code ?? (e as Error).message}): lorapilot cannot check the pod's host key`, `make it readable by you: chmod 600 ${quote(file)}`);
  }
}

/** Append an accepted key (like `ssh -o StrictHostKeyChecking=accept-new`). */
export async function appendKnownHost(file: string, host: string, port: number, blob: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const before = await readKnownHosts(file);
  const sep = before === '' || before.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${sep}${knownHostsLine(host, port, blob)}\n`, { mode: 0o600 });
}
