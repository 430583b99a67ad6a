import { createHash } from 'node:crypto';
import { readRegularFile, readRegularFileSync } from '../fs/regular.js';
import type { ImageHeader } from './image-header.js';
import type { ImageEntry } from './scan.js';

/**
 * Identical files: grouped by size and by first/last bytes (free from the header pass); only files
 * still sharing a group are read whole and hashed.
 */
export async function exactDuplicates(images: readonly ImageEntry[], headers: Map<string, ImageHeader>, signal?: AbortSignal): Promise<string[][]> {
  const groups = new Map<string, ImageEntry[]>();
  for (const i of images) {
    if (i.size === 0) continue;
    const key = `${i.size}:${headers.get(i.path)?.signature ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const candidates = [...groups.values()].filter((g) => g.length > 1).flat();
  const byHash = new Map<string, string[]>();
  await mapLimit(
    candidates,
    4,
    async (img) => {
      try {
        const h = createHash('sha1').update(await readRegularFile(img.path)).digest('hex');
        const key = `${img.size}:${h}`;
        byHash.set(key, [...(byHash.get(key) ?? []), img.rel]);
      } catch {
        /* unreadable files are reported by the header pass */
      }
    },
    signal,
  );
  return [...byHash.values()].filter((g) => g.length > 1).map((g) => g.sort());
}

/** Read a small file of known size with one open/read/close (readFileSync adds an fstat). */
export function readSmall(path: string, size: number): Uint8Array {
  return readRegularFileSync(path, size);
}

/** Run `fn` over `items` with at most `limit` in flight; stops early when aborted. */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  signal?.throwIfAborted();
}
