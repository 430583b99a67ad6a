import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One writer of a caption journal at a time: callers in this process queue on a mutex; other processes
 * see a lock file holding the pid (a stale lock, from a dead pid, is taken over).
 */

export class JournalError extends Error {
  constructor(
    message: string,
    readonly files: Array<{ rel: string; path: string }> = [],
  ) {
    super(message);
    this.name = 'JournalError';
  }
}

/** Journal locks held in this process, by lock path: same-process callers queue here. */
const inProcess = new Map<string, Promise<unknown>>();

export async function withJournalLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const key = join(dir, 'lock');
  const prev = inProcess.get(key) ?? Promise.resolve();
  const run = prev.then(() => lockFile(dir, fn));
  const tail = run.catch(() => {});
  inProcess.set(key, tail);
  try {
    return await run;
  } finally {
    if (inProcess.get(key) === tail) inProcess.delete(key);
  }
}

async function lockFile<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dir, { recursive: true });
  const lockPath = join(dir, 'lock');
  for (let attempt = 0; ; attempt++) {
    try {
      const h = await open(lockPath, 'wx');
      await h.writeFile(String(process.pid));
      await h.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw e;
      const pid = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && alive(pid)) {
        throw new JournalError(`captions are being changed by another lorapilot (pid ${pid}); try again when it finishes`);
      }
      await unlink(lockPath).catch(() => {});
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => {});
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
