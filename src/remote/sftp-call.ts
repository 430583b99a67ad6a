import { TargetError } from './target.js';

/** ssh2's callbacks as promises, and its errors as TargetErrors the UI can explain. */

/** Errors that mean "the connection went away": the operation may be retried after reconnecting. */
export function isDropError(e: unknown): boolean {
  if (e instanceof TargetError) return e.code === 'disconnected';
  const msg = String((e as Error)?.message ?? e);
  const code = (e as NodeJS.ErrnoException)?.code;
  return (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNREFUSED' ||
    /No response from server|Not connected|Channel open failure|connection lost|socket|Unable to exec|closed|ECONNRESET|Timed out|keepalive/i.test(msg)
  );
}

export function mapSftpError(path: string, err: Error & { code?: number | string }): TargetError {
  if (err.code === 2) return new TargetError('not-found', `no such file: ${path}`);
  if (err.code === 3) return new TargetError('permission', `permission denied: ${path}`);
  if (isDropError(err)) return new TargetError('disconnected', `connection lost (${path})`);
  return new TargetError('failed', `${path}: ${err.message}`);
}

export function sftpCall<T>(path: string, fn: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      fn((err, value) => (err ? reject(mapSftpError(path, err)) : resolve(value)));
    } catch (e) {
      reject(mapSftpError(path, e as Error));
    }
  });
}
