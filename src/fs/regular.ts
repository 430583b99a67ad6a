import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/**
 * Reading a file that may not be one. Opening a named pipe for reading waits for a writer forever, and
 * opening a device can have effects of its own, so a path is stat'ed first and opened only when it is a
 * regular file; the open itself is non-blocking and re-checked with fstat, for a path swapped in between.
 */

export type FileKind = 'file' | 'folder' | 'named pipe' | 'device' | 'socket' | 'special file';

export function kindOf(s: Stats): FileKind {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'folder';
  if (s.isFIFO()) return 'named pipe';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'device';
  if (s.isSocket()) return 'socket';
  return 'special file';
}

/** A path that exists but is not a regular file: never opened for reading, never replaced. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(
    readonly path: string,
    readonly kind: FileKind,
  ) {
    super(`not a regular file (${kind === 'folder' ? 'a folder' : `a ${kind}`})`);
    this.name = 'NotRegularFileError';
  }
}

/** The file is larger than the reader accepts (a caption that is really a log, a binary). */
export class FileTooLargeError extends Error {
  readonly code = 'EFBIG';
  constructor(readonly size: number, readonly limit: number) {
    super(`is ${size} bytes, over the ${limit} this reads`);
    this.name = 'FileTooLargeError';
  }
}

const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** The whole content of a regular file (following links); throws NotRegularFileError for anything else. */
export async function readRegularFile(path: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const before = await stat(path);
  if (!before.isFile()) throw new NotRegularFileError(path, kindOf(before));
  if (before.size > maxBytes) throw new FileTooLargeError(before.size, maxBytes);
  const handle = await open(path, READ_FLAGS);
  try {
    const s = await handle.stat();
    if (!s.isFile()) throw new NotRegularFileError(path, kindOf(s));
    if (s.size > maxBytes) throw new FileTooLargeError(s.size, maxBytes);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** As readRegularFile, as text. */
export async function readRegularText(path: string, maxBytes?: number): Promise<string> {
  return (await readRegularFile(path, maxBytes)).toString('utf8');
}

/** Up to `size` bytes of a regular file in one open/read/close, for passes over thousands of small files. */
export function readRegularFileSync(path: string, size: number): Uint8Array {
  const fd = openSync(path, READ_FLAGS);
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) throw new NotRegularFileError(path, kindOf(s));
    return readFullySync(fd, size);
  } finally {
    closeSync(fd);
  }
}

/** Up to `size` bytes of an open file from its start (fewer when it ends first). */
export function readFullySync(fd: number, size: number): Uint8Array {
  const buf = new Uint8Array(size);
  let n = 0;
  while (n < size) {
    const r = readSync(fd, buf, n, size - n, n);
    if (r === 0) break;
    n += r;
  }
  return buf.subarray(0, n);
}

/** Open a regular file for reading (fd), or throw NotRegularFileError; the caller closes it. */
export function openRegularSync(path: string): number {
  const fd = openSync(path, READ_FLAGS);
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) throw new NotRegularFileError(path, kindOf(s));
    return fd;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** Throws NotRegularFileError when `path` exists and is not a regular file: a write would replace it. */
export function assertRegularOrAbsentSync(path: string): void {
  let s: Stats;
  try {
    s = statSync(path);
  } catch {
    return;
  }
  if (!s.isFile()) throw new NotRegularFileError(path, kindOf(s));
}
