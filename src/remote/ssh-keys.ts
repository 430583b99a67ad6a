import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { loadSsh2 } from './ssh2-lazy.js';
import type { ResolvedHost } from './ssh-config.js';
import { sshPaths } from './ssh-config.js';
import type { SshOptions } from './ssh-types.js';
import { TargetError } from './target.js';

export interface LoadedKey {
  file: string;
  key: Buffer;
  passphrase?: string;
}

/**
 * The private keys to offer, in ssh's order: --identity, then the host's IdentityFile entries, else the
 * default ~/.ssh/id_* files. An encrypted key asks for its passphrase (or says why it cannot be used).
 */
export async function loadKeys(options: SshOptions, r: ResolvedHost): Promise<LoadedKey[]> {
  const paths = sshPaths(options.env, options.sshDir);
  const candidates = [
    ...(options.identity ? [options.identity] : []),
    ...r.identityFiles,
    ...(r.identityFiles.length === 0 && !options.identity ? ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => posix.join(paths.dir, f)) : []),
  ];
  const out: LoadedKey[] = [];
  for (const file of [...new Set(candidates)]) {
    let key: Buffer;
    try {
      key = await readFile(file);
    } catch {
      if (file === options.identity) throw new TargetError('auth', `cannot read the key file ${file}`);
      continue;
    }
    const k = await parsedKey(options, file, key);
    if (k) out.push(k);
  }
  return out;
}

async function parsedKey(options: SshOptions, file: string, key: Buffer): Promise<LoadedKey | null> {
  const { utils } = await loadSsh2();
  const parsed = utils.parseKey(key);
  if (!(parsed instanceof Error)) return { file, key };
  if (/passphrase|encrypted/i.test(parsed.message)) {
    const pass = options.askPassphrase ? await options.askPassphrase(file) : null;
    if (pass === null) {
      throw new TargetError(
        'auth',
        `the key ${file} is protected by a passphrase and no terminal is available to ask for it`,
        'add the key to ssh-agent (ssh-add) or run the command in a terminal',
      );
    }
    const again = utils.parseKey(key, pass);
    if (again instanceof Error) throw new TargetError('auth', `wrong passphrase for ${file}`);
    return { file, key, passphrase: pass };
  }
  if (file === options.identity) throw new TargetError('auth', `${file} is not a private key lorapilot can read: ${parsed.message}`);
  return null;
}
