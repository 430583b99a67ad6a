import { open } from 'node:fs/promises';
import type { SFTPWrapper } from 'ssh2';
import { TargetError, type PutFileOptions } from './target.js';

export type { PutFileOptions };


// OpenSSH's sftp-server accepts writes of up to 256 KiB (limits@openssh.com; ssh2 splits a write above the
// server's limit itself): a quarter of the requests and replies of 64 KiB writes, which is most of the CPU
// an upload costs on both ends. 16 in flight fill two windows of a channel.
const CHUNK = 255 * 1024;
const IN_FLIGHT = 16;

/**
 * Write a local file over SFTP with many requests in flight (the round trip, not the bandwidth, limits a
 * one-request-at-a-time copy). With `start > 0` the remote file is opened without truncation and completed.
 */
export async function putFileOver(sftp: SFTPWrapper, local: string, remote: string, opts: PutFileOptions = {}): Promise<void> {
  const start = opts.start ?? 0;
  // A write above the server's limit is split by ssh2 and its remainder sent only after the first part is
  // answered: stay within the limit the server announced (ssh2 keeps it, without a public accessor).
  const limit = (sftp as unknown as { _maxWriteLen?: unknown })._maxWriteLen;
  const chunk = typeof limit === 'number' && limit > 0 ? Math.min(CHUNK, limit) : CHUNK;
  const fh = await open(local, 'r');
  try {
    const size = (await fh.stat()).size;
    const aborted = () => new TargetError('disconnected', 'upload interrupted');
    const handle = await new Promise<Buffer>((res, rej) => {
      if (opts.signal?.aborted) return rej(aborted());
      opts.signal?.addEventListener('abort', () => rej(aborted()), { once: true });
      sftp.open(remote, start > 0 ? 'r+' : 'w', (err, h) => (err ? rej(err) : res(h)));
    });
    try {
      let next = start;
      let failure: unknown = null;
      await new Promise<void>((resolve, reject) => {
        // A dropped connection leaves requests unanswered: give up at once instead of waiting for them.
        opts.signal?.addEventListener('abort', () => reject(aborted()), { once: true });
        let inFlight = 0;
        let reading = false;
        const pump = async () => {
          if (reading) return;
          reading = true;
          try {
            while (!failure && inFlight < IN_FLIGHT && next < size) {
              if (opts.signal?.aborted) {
                failure = aborted();
                break;
              }
              const pos = next;
              const len = Math.min(chunk, size - pos);
              next += len;
              // Count the chunk as in flight before reading it, so the last write cannot be declared done
              // while its bytes are still being read.
              inFlight++;
              const buf = Buffer.allocUnsafe(len);
              const { bytesRead } = await fh.read(buf, 0, len, pos);
              if (bytesRead !== len) {
                inFlight--;
                failure = new TargetError('failed', `${local} changed while uploading`);
                break;
              }
              opts.onData?.(buf);
              sftp.write(handle, buf, 0, len, pos, (err) => {
                inFlight--;
                if (err) failure = failure ?? err;
                else opts.onProgress?.(len);
                if (failure) {
                  if (inFlight === 0) reject(failure);
                } else if (next >= size && inFlight === 0) resolve();
                else void pump();
              });
            }
          } catch (e) {
            failure = failure ?? e;
          } finally {
            reading = false;
          }
          if (failure && inFlight === 0) reject(failure);
          else if (!failure && next >= size && inFlight === 0) resolve();
        };
        void pump();
      });
    } finally {
      // Not awaited after a drop: the close would never be answered.
      if (opts.signal?.aborted) sftp.close(handle, () => {});
      else await new Promise<void>((res) => sftp.close(handle, () => res()));
    }
  } finally {
    await fh.close();
  }
}
