import { saveOffset } from '../pod/pod-service.js';

/** How often a growing offset is written to lorapilot.yaml while a log is read. */
export const OFFSET_SAVE_EVERY_MS = 1000;

export interface OffsetSaverOptions {
  everyMs?: number;
  now?: () => number;
  save?: (dir: string, offset: number) => Promise<void>;
}

/**
 * Keeps the project's `job.offset` (where the next attach or monitor resumes reading the run's log)
 * up to date: at most one write a second while bytes arrive, the last offset on flush.
 *
 * Every write of the project file made while following a run goes through this one queue: each is a
 * read-modify-write of the whole file, so two at once would lose one (a late offset write would erase
 * the verdict just recorded, or put back an older offset). A failed write is dropped: following the
 * run matters more than the bookmark, and the next write carries the newer offset anyway.
 */
export class OffsetSaver {
  private saved: number;
  private latest: number;
  private lastAt = -Infinity;
  private chain: Promise<void> = Promise.resolve();
  private readonly everyMs: number;
  private readonly now: () => number;
  private readonly save: (dir: string, offset: number) => Promise<void>;

  constructor(
    private readonly dir: string,
    /** The offset the project file records now. */
    saved: number,
    o: OffsetSaverOptions = {},
  ) {
    this.saved = saved;
    this.latest = saved;
    this.everyMs = o.everyMs ?? OFFSET_SAVE_EVERY_MS;
    this.now = o.now ?? Date.now;
    this.save = o.save ?? saveOffset;
  }

  /** The offset reached after a chunk: written now unless one was written within the last interval. */
  offer(offset: number): void {
    this.latest = offset;
    if (offset === this.saved) return;
    const now = this.now();
    if (now - this.lastAt < this.everyMs) return;
    this.lastAt = now;
    this.write(offset);
  }

  /** Write the latest offset (or `offset`) if the file does not have it yet; resolves when every queued write is done. */
  flush(offset = this.latest): Promise<void> {
    this.latest = offset;
    if (offset !== this.saved) this.write(offset);
    return this.chain;
  }

  /** Another write of the project file, after the queued ones (its failure is dropped too). */
  queue(write: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(write).catch(() => {});
    return this.chain;
  }

  private write(offset: number): void {
    this.saved = offset;
    void this.queue(() => this.save(this.dir, offset));
  }
}
