import { posix } from 'node:path';
import { readSafetensorsHeader, type HeaderResult } from '../ai-toolkit/safetensors.js';
import type { Target } from '../remote/target.js';
import type { PairedCheckpoint } from './pairing.js';

const HEADER_CONCURRENCY = 4;

/**
 * Each checkpoint's safetensors header, a few reads at a time (each is a round trip over SSH). A cache
 * keyed by path, size and mtime makes a refresh of an unchanged folder free.
 */
export async function readHeaders(target: Target, folder: string, files: readonly PairedCheckpoint[], opts: { cache?: Map<string, HeaderResult>; signal?: AbortSignal } = {}): Promise<Map<string, HeaderResult>> {
  const headers = new Map<string, HeaderResult>();
  const queue = [...files];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      opts.signal?.throwIfAborted();
      const path = posix.join(folder, c.file);
      const key = `${path}\0${c.size}\0${c.mtimeMs}`;
      let h = opts.cache?.get(key);
      if (!h) {
        h = await readSafetensorsHeader(target, path, c.size);
        opts.cache?.set(key, h);
      }
      headers.set(c.file, h);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEADER_CONCURRENCY, files.length) }, worker));
  return headers;
}
