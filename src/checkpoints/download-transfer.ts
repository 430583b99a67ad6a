import { open } from 'node:fs/promises';
import type { Target } from '../remote/target.js';

/** Bytes per second over the last few seconds, from the byte count at each report. */
export function rateMeter(startBytes: number): (bytes: number) => number {
  const window: Array<{ t: number; bytes: number }> = [{ t: Date.now(), bytes: startBytes }];
  return (bytes) => {
    const now = Date.now();
    window.push({ t: now, bytes });
    while (window.length > 2 && now - window[0].t > 3000) window.shift();
    const dt = (now - window[0].t) / 1000;
    return dt > 0 ? (bytes - window[0].bytes) / dt : 0;
  };
}

export interface TransferOptions {
  target: Target;
  remotePath: string;
  partPath: string;
  /** Bytes already in the .part: the transfer appends from here. */
  offset: number;
  /** Stop here (the remote size, or earlier to simulate a dropped connection). */
  end: number;
  remoteSize: number;
  chunk: number;
  parallel: number;
  signal?: AbortSignal;
  /** Called after each chunk is written, with the bytes now in the .part. */
  onBytes: (bytes: number) => void;
  /** Each chunk as it is appended, in file order (lets the caller hash what it writes). */
  onData?: (chunk: Buffer) => void;
}

/**
 * Append the remote file's bytes from `offset` to `end` to the .part. Several reads in flight, written
 * in order: over SSH each read is a round trip, so one at a time would leave the link idle most of the
 * time. Resolves with the bytes in the .part and whether it stopped on the signal.
 */
export async function transfer(o: TransferOptions): Promise<{ bytes: number; cancelled: boolean }> {
  let offset = o.offset;
  const handle = await open(o.partPath, offset > 0 ? 'a' : 'w');
  const inflight: Array<{ want: number; data: Promise<Buffer> }> = [];
  let next = offset;
  const fill = () => {
    while (inflight.length < o.parallel && next < o.end) {
      const want = Math.min(o.chunk, o.end - next);
      const data = o.target.readFrom(o.remotePath, next, want);
      data.catch(() => {}); // Awaited below; never an unhandled rejection when we stop early.
      inflight.push({ want, data });
      next += want;
    }
  };
  try {
    fill();
    while (inflight.length > 0) {
      if (o.signal?.aborted) {
        await handle.sync();
        return { bytes: offset, cancelled: true };
      }
      const head = inflight.shift()!;
      const data = await head.data;
      if (data.length === 0) throw new Error(`${o.remotePath} ended at ${offset} of ${o.remoteSize} bytes (truncated on the pod?)`);
      await handle.write(data, 0, data.length, null);
      o.onData?.(data);
      offset += data.length;
      o.onBytes(offset);
      if (data.length < head.want) {
        // A short read: the reads already in flight start at the wrong offsets. Start again from here.
        inflight.length = 0;
        next = offset;
      }
      fill();
    }
    await handle.sync();
    return { bytes: offset, cancelled: false };
  } finally {
    await handle.close();
  }
}
