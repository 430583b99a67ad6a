import { describe, expect, it } from 'vitest';
import { resolveHost } from '../../../src/remote/ssh-config.js';

const opts = { defaultUser: 'me', home: '/home/me' };

describe('ProxyCommand and ProxyJump in ~/.ssh/config', () => {
  it('expands %h %n %p %r %% in ProxyCommand, after HostName', () => {
    const r = resolveHost('pod', 'Host pod\n  HostName 10.0.0.9\n  Port 2200\n  User root\n  ProxyCommand nc -X connect -x 192.0.2.1:8080 %h %p # %n %r 100%%\n', opts);
    expect(r?.proxy).toEqual({ kind: 'command', command: 'nc -X connect -x 192.0.2.1:8080 10.0.0.9 2200 # pod root 100%' });
  });

  it('takes whichever of ProxyCommand and ProxyJump comes first, as ssh does; none means direct', () => {
    const jumpFirst = resolveHost('pod', 'Host pod\n  ProxyJump bastion\nHost *\n  ProxyCommand nc %h %p\n', opts);
    expect(jumpFirst?.proxy.kind).toBe('jump');
    const commandFirst = resolveHost('pod', 'Host pod\n  ProxyCommand nc %h %p\n  ProxyJump bastion\n', opts);
    expect(commandFirst?.proxy.kind).toBe('command');
    expect(resolveHost('pod', 'Host pod\n  ProxyJump none\nHost *\n  ProxyJump bastion\n', opts)?.proxy).toEqual({ kind: 'direct' });
    expect(resolveHost('pod', 'Host pod\n  ProxyCommand none\nHost *\n  ProxyJump bastion\n', opts)?.proxy).toEqual({ kind: 'direct' });
  });

  it('resolves each hop with its own config; only the first hop keeps its own route', () => {
    const config = [
      'Host pod', '  HostName 10.0.0.9', '  ProxyJump alice@b1:2022,ssh://b2', '  IdentityFile ~/.ssh/pod',
      'Host b1', '  HostName bastion1.example.org', '  IdentityFile ~/.ssh/b1', '  ProxyCommand corp-tunnel %h',
      'Host b2', '  HostName 192.0.2.2', '  User bob', '  ProxyJump elsewhere',
    ].join('\n');
    const r = resolveHost('pod', config, opts);
    if (r?.proxy.kind !== 'jump') throw new Error('expected a jump');
    const [b1, b2] = r.proxy.hops;
    expect(b1).toMatchObject({ host: 'bastion1.example.org', port: 2022, user: 'alice', identityFiles: ['/home/me/.ssh/b1'], proxy: { kind: 'command', command: 'corp-tunnel bastion1.example.org' } });
    expect(b2).toMatchObject({ host: '192.0.2.2', port: 22, user: 'bob', proxy: { kind: 'direct' } });
  });

  it('refuses what it cannot do as written: unknown tokens, unreadable hops, ProxyUseFdpass, jump loops', () => {
    expect(resolveHost('pod', 'Host pod\n  ProxyCommand nc %h %k\n', opts)?.proxy).toMatchObject({ kind: 'invalid', message: expect.stringContaining('%k') });
    expect(resolveHost('pod', 'Host pod\n  ProxyJump a,,b\n', opts)?.proxy).toMatchObject({ kind: 'invalid' });
    expect(resolveHost('pod', 'Host pod\n  ProxyJump bad host\n', opts)?.proxy).toMatchObject({ kind: 'invalid' });
    expect(resolveHost('pod', 'Host pod\n  ProxyCommand nc %h %p\n  ProxyUseFdpass yes\n', opts)?.proxy).toMatchObject({ kind: 'invalid', message: expect.stringContaining('ProxyUseFdpass') });
    expect(resolveHost('a', 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n', opts)?.proxy).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/jumps deep/) });
  });
});
