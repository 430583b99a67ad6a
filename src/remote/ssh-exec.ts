import type { ClientChannel } from 'ssh2';
import { isDropError } from './sftp-call.js';
import { quote, type Raw } from './shell.js';
import { RUNPOD_PROXY_HINT } from './ssh-config.js';
import type { Session } from './ssh-session.js';
import { feedStdin, TargetError, type ExecOptions, type ExecResult } from './target.js';

function envPrefix(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new TargetError('failed', `invalid environment variable name: ${k}`);
      return `export ${k}=${quote(v)}; `;
    })
    .join('');
}

export interface ExecContext {
  label: string;
  /** The server is RunPod's proxy (it has no exec channel): say so instead of a bare refusal. */
  proxy: boolean;
  /** Whether the target still has a session (a channel closed without an exit after a drop is a drop). */
  connected: () => boolean;
}

/** A command on an exec channel of `s`, never a PTY (tqdm would truncate the progress line). */
export function execOn(s: Session, command: Raw, options: ExecOptions, c: ExecContext): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve, reject) => {
    const env = options.env && Object.keys(options.env).length > 0 ? envPrefix(options.env) : '';
    s.client.exec(env + command.text, (err: Error | undefined, ch: ClientChannel) => {
      if (err) {
        if (c.proxy) return reject(new TargetError('runpod-proxy', 'no command channel on this server', RUNPOD_PROXY_HINT));
        return reject(isDropError(err) ? new TargetError('disconnected', `lost the connection to ${c.label}`) : new TargetError('failed', err.message));
      }
      const out: Buffer[] = [];
      const errb: Buffer[] = [];
      let code: number | null = null;
      let sig: string | null = null;
      const onAbort = () => ch.close();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const onDrop = () => reject(new TargetError('disconnected', `lost the connection to ${c.label} while running a command`));
      s.drop.signal.addEventListener('abort', onDrop, { once: true });
      ch.on('data', (chunk: Buffer) => {
        out.push(chunk);
        options.onStdout?.(chunk);
      });
      ch.stderr.on('data', (chunk: Buffer) => {
        errb.push(chunk);
        options.onStderr?.(chunk);
      });
      ch.on('exit', (exitCode: number | null, signalName?: string) => {
        code = exitCode;
        sig = signalName ?? null;
      });
      ch.on('close', () => {
        options.signal?.removeEventListener('abort', onAbort);
        s.drop.signal.removeEventListener('abort', onDrop);
        if (code === null && sig === null && !options.signal?.aborted && !c.connected()) {
          return reject(new TargetError('disconnected', `lost the connection to ${c.label} while running a command`));
        }
        resolve({ code, signal: sig, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errb).toString('utf8') });
      });
      feedStdin(ch, options.stdin).catch(() => ch.close());
    });
  });
}
