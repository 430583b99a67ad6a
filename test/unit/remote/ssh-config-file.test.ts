import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveHost } from '../../../src/remote/ssh-config.js';
import { readSshConfig } from '../../../src/remote/ssh-config-file.js';
import { tempDir } from '../../helpers/tmp.js';

async function files(root: string, tree: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(tree)) {
    await mkdir(join(root, rel, '..'), { recursive: true });
    await writeFile(join(root, rel), text);
  }
}

describe('reading ~/.ssh/config with Include', () => {
  it('follows several paths per line, ~, absolute paths and [..] globs in lexical order; first value wins', async () => {
    const home = await tempDir();
    const sshDir = join(home, '.ssh');
    const elsewhere = await tempDir();
    await files(home, {
      '.ssh/config': `Include ~/.ssh/pods/[0-9]*.conf ${join(elsewhere, 'extra.conf')}\nHost *\n  User fallback\n`,
      '.ssh/pods/20-late.conf': 'Host l40s\n  HostName 198.51.100.20\n  Port 2020\n',
      '.ssh/pods/10-early.conf': 'Host l40s\n  HostName 203.0.113.10\n',
      '.ssh/pods/x-not-matched.conf': 'Host l40s\n  HostName 192.0.2.99\n',
    });
    await files(elsewhere, { 'extra.conf': 'Host l40s\n  User root\n  IdentityFile ~/.ssh/runpod\n' });
    const blocks = await readSshConfig(join(sshDir, 'config'), { sshDir, home });
    const r = resolveHost('l40s', blocks, { defaultUser: 'me', home });
    expect(r).toMatchObject({ host: '203.0.113.10', port: 2020, user: 'root', fromConfig: true, identityFiles: [join(home, '.ssh/runpod')] });
  });

  it('a missing config or a missing Include is no error; options after an Include stay in their Host block', async () => {
    const home = await tempDir();
    const sshDir = join(home, '.ssh');
    expect(await readSshConfig(join(sshDir, 'config'), { sshDir, home })).toEqual([]);
    await files(home, { '.ssh/config': 'Host pod\n  Include nowhere/*.conf gone.conf\n  HostName 203.0.113.7\nHost other\n  HostName 192.0.2.1\n' });
    const blocks = await readSshConfig(join(sshDir, 'config'), { sshDir, home });
    expect(resolveHost('pod', blocks, { defaultUser: 'me', home })?.host).toBe('203.0.113.7');
    expect(resolveHost('other', blocks, { defaultUser: 'me', home })?.host).toBe('192.0.2.1');
  });
});
