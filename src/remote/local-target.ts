import { spawn } from 'node:child_process';
import { appendFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PutFileOptions } from './target.js';
import type { Raw } from './shell.js';
import { feedStdin, TargetError, type DirEntry, type ExecOptions, type ExecResult, type FileStat, type Target } from './target.js';

/** This machine as a training target: for users with their own GPU, and for the demo. */
export class LocalTarget implements Target {
  readonly kind = 'local' as const;
  readonly label = 'local';

  exec(command: Raw, options: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command.text], {
        env: { ...process.env, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        signal: options.signal,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => {
        out.push(c);
        options.onStdout?.(c);
      });
      child.stderr.on('data', (c: Buffer) => {
        err.push(c);
        options.onStderr?.(c);
      });
      child.on('error', (e) => {
        if ((e as NodeJS.ErrnoException).code === 'ABORT_ERR') return;
        reject(new TargetError('failed', e.message));
      });
      child.on('close', (code, signal) => {
        resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
      });
      child.stdin.on('error', () => {});
      feedStdin(child.stdin, options.stdin).catch(() => child.stdin.destroy());
    });
  }

  async readFile(path: string): Promise<Buffer> {
    return wrap(path, () => readFile(path));
  }

  async readFrom(path: string, offset: number, length?: number): Promise<Buffer> {
    return wrap(path, async () => {
      const h = await open(path, 'r');
      try {
        const size = (await h.stat()).size;
        const n = Math.max(0, Math.min(length ?? Infinity, size - offset));
        const buf = Buffer.alloc(n);
        let read = 0;
        while (read < n) {
          const { bytesRead } = await h.read(buf, read, n - read, offset + read);
          if (bytesRead === 0) break;
          read += bytesRead;
        }
        return buf.subarray(0, read);
      } finally {
        await h.close();
      }
    });
  }

  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    await wrap(path, () => writeFile(path, data));
  }

  async appendFile(path: string, data: string | Uint8Array): Promise<void> {
    await wrap(path, () => appendFile(path, data));
  }

  async stat(path: string): Promise<FileStat | null> {
    try {
      const s = await stat(path);
      return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile(), isDirectory: s.isDirectory(), mode: s.mode };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
      throw toTargetError(path, e);
    }
  }

  async list(path: string): Promise<DirEntry[]> {
    return wrap(path, async () => {
      const entries = await readdir(path, { withFileTypes: true });
      const out: DirEntry[] = [];
      for (const e of entries) {
        const s = await stat(join(path, e.name)).catch(() => null);
        out.push({
          name: e.name,
          isFile: s ? s.isFile() : e.isFile(),
          isDirectory: s ? s.isDirectory() : e.isDirectory(),
          size: s?.size ?? 0,
          mtimeMs: s?.mtimeMs ?? 0,
        });
      }
      return out;
    });
  }

  async rename(from: string, to: string): Promise<void> {
    await wrap(from, () => rename(from, to));
  }

  async remove(path: string): Promise<void> {
    await wrap(path, () => rm(path, { force: true, recursive: true }));
  }

  async mkdirp(path: string): Promise<void> {
    await wrap(path, () => mkdir(path, { recursive: true }).then(() => undefined));
  }

  async putFile(local: string, remote: string, options: PutFileOptions = {}): Promise<void> {
    const start = options.start ?? 0;
    await wrap(remote, async () => {
      const src = await open(local, 'r');
      const dst = await open(remote, start > 0 ? 'r+' : 'w');
      try {
        const buf = Buffer.allocUnsafe(1024 * 1024);
        let pos = start;
        for (;;) {
          if (options.signal?.aborted) throw new TargetError('failed', 'upload cancelled');
          const { bytesRead } = await src.read(buf, 0, buf.length, pos);
          if (bytesRead === 0) break;
          options.onData?.(buf.subarray(0, bytesRead));
          await dst.write(buf, 0, bytesRead, pos);
          pos += bytesRead;
          options.onProgress?.(bytesRead);
        }
        await dst.truncate(pos);
      } finally {
        await src.close();
        await dst.close();
      }
    });
  }

  async home(): Promise<string> {
    return homedir();
  }

  async close(): Promise<void> {}
}

async function wrap<T>(path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toTargetError(path, e);
  }
}

function toTargetError(path: string, e: unknown): TargetError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new TargetError('not-found', `no such file: ${path}`);
  if (code === 'EACCES' || code === 'EPERM') return new TargetError('permission', `permission denied: ${path}`);
  return new TargetError('failed', `${path}: ${(e as Error).message}`);
}
