import type { Target } from './target.js';

export interface TailChunk {
  data: Buffer;
  /** Byte offset just after this chunk: store it to resume exactly here. */
  offset: number;
}

export interface TailOptions {
  /** Byte offset to start from (0 for the whole log). */
  from: number;
  /** Keep waiting for new bytes (tail -f); otherwise stop at the current end. */
  follow: boolean;
  signal?: AbortSignal;
  /** Poll interval while following. */
  pollMs?: number;
  /** Largest read per request. */
  chunkBytes?: number;
  /** Stop following when this returns true (e.g. the run's exit-code file exists and the log is drained). */
  done?: () => boolean | Promise<boolean>;
  /** The file shrank, went away or came back while followed: said once per change, with the offset reached. */
  onChange?: (change: TailChange) => void;
}

export interface TailChange {
  /** truncated: read again from 0; deleted: waiting at `offset`; replaced: a new file, read from 0. */
  kind: 'truncated' | 'deleted' | 'replaced';
  offset: number;
}

/**
 * Read a (growing) log by byte offset. Offsets make re-attachment exact: resume from the last
 * stored offset and no byte is lost or repeated, whatever happened to the connection in between.
 * Read errors propagate; callers that want to survive drops retry with the last offset.
 */
export async function* tailFile(target: Target, path: string, opts: TailOptions): AsyncGenerator<TailChunk> {
  let offset = opts.from;
  const poll = opts.pollMs ?? 250;
  const chunkBytes = opts.chunkBytes ?? 4 * 1024 * 1024;
  let gone = false;
  for (;;) {
    if (opts.signal?.aborted) return;
    const st = await target.stat(path);
    const size = st?.size ?? 0;
    if (st === null && offset > 0) {
      if (!gone) opts.onChange?.({ kind: 'deleted', offset });
      gone = true;
    } else if (st !== null && (gone || size < offset)) {
      // truncated or replaced: start over rather than miss the new log
      opts.onChange?.({ kind: gone ? 'replaced' : 'truncated', offset });
      gone = false;
      offset = 0;
    }
    while (offset < size) {
      if (opts.signal?.aborted) return;
      const data = await target.readFrom(path, offset, Math.min(chunkBytes, size - offset));
      if (data.length === 0) break;
      offset += data.length;
      yield { data, offset };
    }
    if (!opts.follow) return;
    if (opts.done && (await opts.done())) {
      const again = await target.stat(path);
      if ((again?.size ?? 0) <= offset) return;
      continue;
    }
    await sleep(poll, opts.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
