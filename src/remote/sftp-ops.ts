import { posix } from 'node:path';
import type { FileEntry, SFTPWrapper, Stats } from 'ssh2';
import { mapSftpError, sftpCall } from './sftp-call.js';
import { TargetError, type DirEntry, type FileStat } from './target.js';

/** The file operations of SshTarget on one SFTP channel (the target adds reconnection and retries). */

export async function readFromOn(sftp: SFTPWrapper, path: string, offset: number, length?: number): Promise<Buffer> {
  const handle = await sftpCall<Buffer>(path, (cb) => sftp.open(path, 'r', cb));
  try {
    const st = await sftpCall<{ size: number }>(path, (cb) => sftp.fstat(handle, cb));
    const n = Math.max(0, Math.min(length ?? Infinity, st.size - offset));
    const buf = Buffer.alloc(n);
    let got = 0;
    while (got < n) {
      const want = Math.min(n - got, 256 * 1024);
      const read = await new Promise<number>((res, rej) => sftp.read(handle, buf, got, want, offset + got, (err, bytes) => (err ? rej(mapSftpError(path, err)) : res(bytes))));
      if (read === 0) break;
      got += read;
    }
    return buf.subarray(0, got);
  } finally {
    sftp.close(handle, () => {});
  }
}

export async function statOn(sftp: SFTPWrapper, path: string): Promise<FileStat | null> {
  try {
    const st = await sftpCall<Stats>(path, (cb) => sftp.stat(path, cb));
    return { size: st.size, mtimeMs: st.mtime * 1000, isFile: st.isFile(), isDirectory: st.isDirectory(), mode: st.mode };
  } catch (e) {
    if (e instanceof TargetError && e.code === 'not-found') return null;
    throw e;
  }
}

export function existsOn(sftp: SFTPWrapper, path: string): Promise<boolean> {
  return sftpCall<unknown>(path, (cb) => sftp.stat(path, cb)).then(
    () => true,
    () => false,
  );
}

export async function listOn(sftp: SFTPWrapper, path: string): Promise<DirEntry[]> {
  const entries = await sftpCall<FileEntry[]>(path, (cb) => sftp.readdir(path, cb));
  return entries
    .filter((e) => e.filename !== '.' && e.filename !== '..')
    .map((e) => {
      const mode = e.attrs.mode ?? 0;
      return {
        name: e.filename,
        isFile: (mode & 0o170000) === 0o100000,
        isDirectory: (mode & 0o170000) === 0o040000,
        size: e.attrs.size ?? 0,
        mtimeMs: (e.attrs.mtime ?? 0) * 1000,
      };
    });
}

export async function renameOn(sftp: SFTPWrapper, from: string, to: string): Promise<void> {
  // posix-rename@openssh.com replaces the target atomically; plain SFTP rename refuses an existing target.
  try {
    await sftpCall<void>(from, (cb) => sftp.ext_openssh_rename(from, to, cb));
  } catch (e) {
    // After a retried rename, the source may already be at its destination.
    if (e instanceof TargetError && e.code === 'not-found' && (await existsOn(sftp, to))) return;
    throw e;
  }
}

export async function unlinkOn(sftp: SFTPWrapper, path: string): Promise<void> {
  try {
    await sftpCall<void>(path, (cb) => sftp.unlink(path, cb));
  } catch (e) {
    if (e instanceof TargetError && e.code === 'not-found') return;
    throw e;
  }
}

export async function mkdirpOn(sftp: SFTPWrapper, path: string): Promise<void> {
  const parts = posix.resolve('/', path).split('/').filter(Boolean);
  let cur = '';
  for (const p of parts) {
    cur += '/' + p;
    const dir = cur;
    const exists = await sftpCall<Stats>(dir, (cb) => sftp.stat(dir, cb)).then(
      (st) => st,
      () => null,
    );
    if (exists) {
      if (!exists.isDirectory()) throw new TargetError('failed', `${dir} exists and is not a folder`);
      continue;
    }
    await sftpCall<void>(dir, (cb) => sftp.mkdir(dir, cb)).catch(async (e: unknown) => {
      if (!(await existsOn(sftp, dir))) throw e;
    });
  }
}
