import type { Target } from '../remote/target.js';
import type { CheckpointEntry } from './index-types.js';
import { downloadCheckpoint, type DownloadOutcome } from './download.js';

/**
 * Downloads of several checkpoints one after the other, observable by either face: the screen
 * subscribes and re-renders, the command subscribes and redraws its progress line.
 */
export interface QueueItem {
  file: string;
  step: number | null;
  status: 'waiting' | 'running' | DownloadOutcome['status'];
  bytes: number;
  total: number;
  message?: string;
}

export interface QueueState {
  running: boolean;
  items: QueueItem[];
  /** Index of the item being downloaded. */
  current: number;
  rate: number;
  eta: number;
  bytes: number;
  total: number;
}

export const IDLE_QUEUE: QueueState = { running: false, items: [], current: -1, rate: 0, eta: Infinity, bytes: 0, total: 0 };

/** How often a face redraws download progress: at most 10 times a second. */
export const PROGRESS_INTERVAL_MS = 100;

export interface QueueOptions {
  replace?: boolean;
  chunkSize?: number;
  /** Each checkpoint's outcome as soon as it is known. */
  onOutcome?: (outcome: DownloadOutcome) => void;
}

/** A checkpoint only in loras/ (gone from the pod) has nothing to fetch: it is already there. */
function alreadyLocal(e: CheckpointEntry): DownloadOutcome {
  return { status: 'already', file: e.file, path: e.localPath ?? '', bytes: e.size };
}

function itemAfter(item: QueueItem, r: DownloadOutcome): QueueItem {
  const done = r.status === 'downloaded' || r.status === 'already';
  return {
    ...item,
    status: r.status,
    bytes: done ? item.total : r.status === 'conflict' ? 0 : r.partialBytes,
    message: r.status === 'failed' || r.status === 'conflict' ? r.message : undefined,
  };
}

export class DownloadQueue {
  private state: QueueState = IDLE_QUEUE;
  private listeners = new Set<(s: QueueState) => void>();
  private abort: AbortController | null = null;

  get snapshot(): QueueState {
    return this.state;
  }

  subscribe = (listener: (s: QueueState) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Like subscribe, at most once per PROGRESS_INTERVAL_MS while bytes arrive; a change of item or the
   * end of the queue is always delivered.
   */
  subscribeThrottled(listener: (s: QueueState) => void, intervalMs = PROGRESS_INTERVAL_MS): () => void {
    let last = 0;
    let lastKey = '';
    return this.subscribe((s) => {
      const key = `${s.running}:${s.current}:${s.items[s.current]?.status}`;
      const now = Date.now();
      if (key === lastKey && now - last < intervalMs) return;
      last = now;
      lastKey = key;
      listener(s);
    });
  }

  private set(s: QueueState): void {
    this.state = s;
    for (const l of this.listeners) l(s);
  }

  /** Download `entries` one after the other; resolves with every outcome, in order. */
  async start(target: Target, entries: readonly CheckpointEntry[], localDir: string, opts: QueueOptions = {}): Promise<DownloadOutcome[]> {
    if (this.state.running) throw new Error('downloads are already running');
    this.abort = new AbortController();
    const items: QueueItem[] = entries.map((e) => ({ file: e.file, step: e.step, status: 'waiting', bytes: e.where === 'partial' ? e.localBytes : 0, total: e.size }));
    const total = items.reduce((a, b) => a + b.total, 0);
    const sumBytes = () => items.reduce((a, b) => a + b.bytes, 0);
    this.set({ running: true, items, current: 0, rate: 0, eta: Infinity, bytes: sumBytes(), total });
    const results: DownloadOutcome[] = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      items[i] = { ...items[i], status: 'running' };
      this.set({ ...this.state, items: [...items], current: i });
      const r = e.remotePath === null ? alreadyLocal(e) : await this.one(target, e, e.remotePath, localDir, opts, (bytes, totalBytes, rate) => {
        items[i] = { ...items[i], bytes, total: totalBytes };
        const sum = sumBytes();
        this.set({ ...this.state, items: [...items], rate, bytes: sum, eta: rate > 0 ? (total - sum) / rate : Infinity });
      });
      results.push(r);
      opts.onOutcome?.(r);
      items[i] = itemAfter(items[i], r);
      this.set({ ...this.state, items: [...items], bytes: sumBytes() });
      if (r.status === 'cancelled') {
        for (let j = i + 1; j < items.length; j++) items[j] = { ...items[j], status: 'cancelled' };
        break;
      }
    }
    this.set({ ...this.state, items: [...items], running: false, rate: 0, eta: 0 });
    this.abort = null;
    return results;
  }

  private one(target: Target, e: CheckpointEntry, remotePath: string, localDir: string, opts: QueueOptions, progress: (bytes: number, total: number, rate: number) => void): Promise<DownloadOutcome> {
    return downloadCheckpoint({
      target,
      remotePath,
      localDir,
      replace: opts.replace,
      chunkSize: opts.chunkSize,
      expectStep: e.final ? e.headerStep : e.step,
      signal: this.abort?.signal,
      onProgress: (p) => progress(p.bytes, p.total, p.rate),
    });
  }

  cancel(): void {
    this.abort?.abort();
  }
}
