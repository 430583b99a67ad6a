import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkKnownHosts, fingerprint, keyTypeOf, knownHostName } from '../../../src/remote/known-hosts.js';
import { isRunpodProxy, parseHostSpec, resolveHost } from '../../../src/remote/ssh-config.js';

const CONFIG = `
# my pods
Host l40s pod-*
  HostName 203.0.113.7
  Port 22041
  User root
  IdentityFile ~/.ssh/runpod_ed25519

Host pod-b
  HostName 198.51.100.2
  IdentityFile %d/.ssh/other

Host *
  User someone
  IdentityFile ~/.ssh/id_default
`;

describe('host specs and ~/.ssh/config', () => {
  it('parses user@host:port, bracketed IPv6 and aliases', () => {
    expect(parseHostSpec('root@203.0.113.7:22041')).toEqual({ user: 'root', host: '203.0.113.7', port: 22041 });
    expect(parseHostSpec('[::1]:2222')).toEqual({ user: undefined, host: '::1', port: 2222 });
    expect(parseHostSpec('l40s')).toEqual({ user: undefined, host: 'l40s', port: undefined });
    expect(parseHostSpec('root@host:99999')).toBeNull();
    expect(parseHostSpec('bad host')).toBeNull();
    expect(parseHostSpec('@host')).toBeNull();
  });

  it('resolves an alias the way ssh does: first value wins, IdentityFiles accumulate, ~ and %d expand', () => {
    const r = resolveHost('l40s', CONFIG, { defaultUser: 'me', home: '/home/me' });
    expect(r).toMatchObject({ host: '203.0.113.7', port: 22041, user: 'root', fromConfig: true });
    expect(r?.identityFiles).toEqual(['/home/me/.ssh/runpod_ed25519', '/home/me/.ssh/id_default']);
    const b = resolveHost('pod-b', CONFIG, { defaultUser: 'me', home: '/home/me' });
    // pod-* matched first, so its HostName wins (ssh's rule), and its IdentityFile comes first
    expect(b?.host).toBe('203.0.113.7');
    expect(b?.identityFiles[0]).toBe('/home/me/.ssh/runpod_ed25519');
    const plain = resolveHost('me2@10.0.0.5:2200', CONFIG, { defaultUser: 'me', home: '/home/me' });
    expect(plain).toMatchObject({ host: '10.0.0.5', port: 2200, user: 'me2', fromConfig: false });
  });

  it("recognises RunPod's ssh.runpod.io proxy", () => {
    expect(isRunpodProxy('ssh.runpod.io')).toBe(true);
    expect(isRunpodProxy('SSH.RunPod.io')).toBe(true);
    expect(isRunpodProxy('203.0.113.7')).toBe(false);
    expect(isRunpodProxy('notssh.runpod.io.evil.com')).toBe(false);
  });
});

describe('known_hosts', () => {
  const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), randomBytes(32)]);
  const other = Buffer.concat([blob.subarray(0, 19), randomBytes(32)]);
  const b64 = blob.toString('base64');

  it('knows plain, port-qualified and hashed entries', () => {
    expect(keyTypeOf(blob)).toBe('ssh-ed25519');
    expect(fingerprint(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(knownHostName('h', 22)).toBe('h');
    expect(knownHostName('h', 2222)).toBe('[h]:2222');
    expect(checkKnownHosts(`h ssh-ed25519 ${b64}\n`, 'h', 22, blob)).toEqual({ status: 'known' });
    expect(checkKnownHosts(`[h]:2222 ssh-ed25519 ${b64}\n`, 'h', 2222, blob)).toEqual({ status: 'known' });
    expect(checkKnownHosts(`h ssh-ed25519 ${b64}\n`, 'h', 2222, blob)).toEqual({ status: 'unknown' });
    const salt = randomBytes(20);
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[h]:2222').digest('base64')}`;
    expect(checkKnownHosts(`${hashed} ssh-ed25519 ${b64}\n`, 'h', 2222, blob)).toEqual({ status: 'known' });
    expect(checkKnownHosts(`a,h,b ssh-ed25519 ${b64}\n`, 'h', 22, blob)).toEqual({ status: 'known' });
  });

  it('reports a changed key with its line, and honours @revoked', () => {
    expect(checkKnownHosts(`# c\nh ssh-ed25519 ${other.toString('base64')}\n`, 'h', 22, blob)).toEqual({ status: 'changed', line: 2, knownType: 'ssh-ed25519' });
    expect(checkKnownHosts(`@revoked h ssh-ed25519 ${b64}\nh ssh-ed25519 ${b64}\n`, 'h', 22, blob)).toEqual({ status: 'revoked', line: 1 });
    // another key type for the same host is not a conflict (the server may offer several)
    expect(checkKnownHosts(`h ssh-rsa AAAAB3NzaC1yc2E=\n`, 'h', 22, blob)).toEqual({ status: 'unknown' });
  });
});
