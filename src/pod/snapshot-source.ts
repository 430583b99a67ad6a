/**
 * A screen's controller state: one immutable snapshot, replaced by patches, pushed to every subscriber
 * (the first push at once). The Pod screen's two controllers share it.
 */
export class SnapshotSource<T extends object> {
  private readonly listeners = new Set<(s: T) => void>();

  constructor(protected snap: T) {}

  get snapshot(): T {
    return this.snap;
  }

  subscribe(listener: (s: T) => void): () => void {
    this.listeners.add(listener);
    listener(this.snap);
    return () => this.listeners.delete(listener);
  }

  protected set(patch: Partial<T>): void {
    this.snap = { ...this.snap, ...patch };
    for (const l of this.listeners) l(this.snap);
  }
}
