/**
 * Where training runs: a GPU pod over SSH, or this machine. Everything above this interface
 * (sync, job control, doctor, monitor, checkpoints) is written once against it.
 * Paths are POSIX paths on the target. Commands are strings built with `sh` from ./shell.ts.
 */
import type { Raw } from './shell.js';

export interface ExecOptions {
  /** Extra environment for the command (sent as `KEY=value` prefixes, never logged). */
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** Called with each chunk of stdout / stderr as it arrives. */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /**
   * Data written to the command's stdin, then closed. An async iterable is streamed as it yields (a
   * long-lived remote command fed over time), and stdin is closed when it ends.
   */
  stdin?: string | Buffer | AsyncIterable<string | Buffer>;
}

export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
  mode: number;
}

export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  size: number;
  mtimeMs: number;
}

export type TargetKind = 'ssh' | 'local';

export interface Target {
  readonly kind: TargetKind;
  /** Human label: `root@203.0.113.7:22041`, `local`. */
  readonly label: string;
  /** Run a command through the target's POSIX shell, without a PTY. */
  exec(command: Raw, options?: ExecOptions): Promise<ExecResult>;
  readFile(path: string): Promise<Buffer>;
  /** Bytes from `offset` to the end (or `length` bytes). Used to tail a log by byte offset. */
  readFrom(path: string, offset: number, length?: number): Promise<Buffer>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** Append to a file, creating it. */
  appendFile(path: string, data: string | Uint8Array): Promise<void>;
  /** null when the path does not exist. */
  stat(path: string): Promise<FileStat | null>;
  list(path: string): Promise<DirEntry[]>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  mkdirp(path: string): Promise<void>;
  /**
   * Copy a local file to the target, resuming at `start` (the bytes before it are already there). Optional so
   * that other Target implementations stay valid; the sync falls back to writeFile.
   */
  putFile?(local: string, remote: string, options?: PutFileOptions): Promise<void>;
  /** Files to upload at once over this link (optional: the sync uses 4 without it). */
  uploadParallelism?(): Promise<number>;
  /** Home directory of the target user (absolute). */
  home(): Promise<string>;
  close(): Promise<void>;
}

/** Feed `stdin` (see ExecOptions) to a writable stdin, honouring back-pressure; always ends it. */
export async function feedStdin(
  sink: { write(chunk: string | Buffer): boolean; end(chunk?: string | Buffer): void; once(event: 'drain' | 'close', fn: () => void): unknown },
  stdin: ExecOptions['stdin'],
): Promise<void> {
  if (stdin === undefined || typeof stdin === 'string' || Buffer.isBuffer(stdin)) {
    sink.end(stdin);
    return;
  }
  let closed = false;
  sink.once('close', () => (closed = true));
  try {
    for await (const chunk of stdin) {
      if (closed) return;
      if (!sink.write(chunk)) await new Promise<void>((r) => {
        sink.once('drain', r);
        sink.once('close', r);
      });
    }
  } finally {
    if (!closed) sink.end();
  }
}

/** Errors from a target carry a code the UI can explain. */
export type TargetErrorCode =
  | 'unreachable'
  | 'auth'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'runpod-proxy'
  | 'disconnected'
  | 'not-found'
  | 'permission'
  | 'failed';

export class TargetError extends Error {
  constructor(
    readonly code: TargetErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

export interface PutFileOptions {
  /** Byte offset to resume from: the remote file already holds these bytes. */
  start?: number;
  /** Called with the number of new bytes written, as they are acknowledged. */
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
  /** Every chunk read from the local file, in file order from `start` (lets the caller hash while sending). */
  onData?: (chunk: Buffer) => void;
}
