import type { Target } from '../remote/target.js';
import type { CheckpointEntry } from './checkpoint-index.js';
import { downloadCheckpoint, type DownloadOutcome } from './download.js';

/** Downloads of several checkpoints one after the other, observable by a screen (subscribe + throttle). */
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

  private set(s: QueueState): void {
    this.state = s;
    for (const l of this.listeners) l(s);
  }

  /** Start downloading `entries` (those only on the pod or partial); resolves with every outcome. */
  async start(target: Target, entries: readonly CheckpointEntry[], localDir: string, opts: { replace?: boolean; chunkSize?: number } = {}): Promise<DownloadOutcome[]> {
    if (this.state.running) throw new Error('downloads are already running');
    const todo = entries.filter((e) => e.remotePath !== null);
    this.abort = new AbortController();
    const items: QueueItem[] = todo.map((e) => ({ file: e.file, step: e.step, status: 'waiting', bytes: e.where === 'partial' ? e.localBytes : 0, total: e.size }));
    const total = items.reduce((a, b) => a + b.total, 0);
    const sumBytes = () => items.reduce((a, b) => a + b.bytes, 0);
    this.set({ running: true, items, current: 0, rate: 0, eta: Infinity, bytes: sumBytes(), total });
    const results: DownloadOutcome[] = [];
    for (let i = 0; i < todo.length; i++) {
      const e = todo[i];
      items[i] = { ...items[i], status: 'running' };
      this.set({ ...this.state, items: [...items], current: i });
      const r = await downloadCheckpoint({
        target,
        remotePath: e.remotePath!,
        localDir,
        replace: opts.replace,
        chunkSize: opts.chunkSize,
        expectStep: e.final ? e.headerStep : e.step,
        signal: this.abort.signal,
        onProgress: (p) => {
          items[i] = { ...items[i], bytes: p.bytes, total: p.total };
          const bytes = sumBytes();
          this.set({ ...this.state, items: [...items], rate: p.rate, bytes, eta: p.rate > 0 ? (total - bytes) / p.rate : Infinity });
        },
      });
      results.push(r);
      items[i] = {
        ...items[i],
        status: r.status,
        bytes: r.status === 'downloaded' || r.status === 'already' ? items[i].total : r.status === 'conflict' ? 0 : r.partialBytes,
        message: r.status === 'failed' || r.status === 'conflict' ? r.message : undefined,
      };
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

  cancel(): void {
    this.abort?.abort();
  }
}
