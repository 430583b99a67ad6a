import { connect } from 'node:net';

/** One attempt: does an SSH server greet on host:port within `timeoutMs`? */
export function sshGreets(host: string, port: number, timeoutMs = 5000): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = connect({ host, port });
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('data', (d) => done(d.toString('latin1').startsWith('SSH-')));
    s.once('error', () => done(false));
    s.once('end', () => done(false));
  });
}
