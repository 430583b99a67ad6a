import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { posix } from 'node:path';
import { remoteDatasetPath, type RemoteLayout } from '../project/pod-layout.js';
import { RemoteHasher, remoteHashes } from '../remote/remote-hasher.js';
import { kindOf } from '../fs/regular.js';
import { TargetError, type Target } from '../remote/target.js';
import { tempPath } from '../fs/temp-name.js';
import type { SyncEntry } from './sync-manifest.js';
import type { SyncPlan } from './sync-compare.js';
import type { SyncProgress } from './sync-progress.js';

/**
 * Sending the planned files: resumable `.part` uploads over several streams, each hashed on the target by one
 * long-lived command while later files are still sending, and renamed into place once its hash matches.
 */

export interface SendContext {
  target: Target;
  layout: RemoteLayout;
  plan: SyncPlan;
  /** Files sent at once (measured on the link while the comparison ran). */
  parallelism: Promise<number>;
  retries: number;
  signal?: AbortSignal;
  report: (patch: Partial<SyncProgress>) => void;
  check: () => void;
}

export interface SendResult {
  uploaded: string[];
  bytesSent: number;
  resumed: number;
  /** From the first byte sent to the last. */
  transferSeconds: number;
}

/** Bytes per second, smoothed over quarter-second windows. */
class Meter {
  private rate = 0;
  private lastT = Date.now();
  private lastBytes = 0;
  update(bytes: number): number {
    const now = Date.now();
    const dt = (now - this.lastT) / 1000;
    if (dt >= 0.25) {
      const inst = (bytes - this.lastBytes) / dt;
      this.rate = this.rate === 0 ? inst : this.rate * 0.7 + inst * 0.3;
      this.lastT = now;
      this.lastBytes = bytes;
    }
    return this.rate;
  }
}

/**
 * The file as it is now, opened without blocking (a path swapped for a named pipe since the scan would wait
 * for a writer forever, a device could be read without end): refused unless it is still a regular file.
 */
async function openToSend(f: SyncEntry) {
  const handle = await open(f.path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const s = await handle.stat();
    if (!s.isFile()) throw new TargetError('failed', `not uploading: ${f.rel} is no longer a regular file (it is now a ${kindOf(s)}); nothing of it was sent`, 'check the dataset again: lorapilot check');
    return handle;
  } catch (e) {
    await handle.close();
    throw e;
  }
}

class Sender {
  readonly uploaded: string[] = [];
  bytesSent = 0;
  resumed = 0;
  private readonly meter = new Meter();
  private readonly dirsMade = new Map<string, Promise<void>>();

  constructor(private readonly c: SendContext) {}

  private final(f: SyncEntry): string {
    return remoteDatasetPath(this.c.layout, f.rel);
  }

  private ensureDir(d: string): Promise<void> {
    let p = this.dirsMade.get(d);
    if (!p) {
      p = this.c.target.mkdirp(d);
      this.dirsMade.set(d, p);
    }
    return p;
  }

  /** Where to continue `f`'s `.part`: its size when it is a prefix of the file, else 0. */
  private async resumeAt(f: SyncEntry, part: string, attempt: number): Promise<number> {
    if (attempt === 0 && !this.c.plan.partSizes.has(f.rel)) return 0;
    const st = await this.c.target.stat(part);
    const start = st && st.size <= f.size ? st.size : 0;
    if (start > 0) this.resumed++;
    return start;
  }

  /** Upload `f` to its `.part`, hashing what is read; after a dropped connection, continue where it stopped. */
  async sendPart(f: SyncEntry): Promise<void> {
    const { target, plan } = this.c;
    const part = tempPath(this.final(f));
    await this.ensureDir(posix.dirname(this.final(f)));
    for (let attempt = 0; ; attempt++) {
      this.c.check();
      const start = await this.resumeAt(f, part, attempt);
      // Checked each attempt, right before reading: the path is what the scan saw, or nothing is sent.
      const handle = await openToSend(f);
      const hash = createHash('sha256');
      if (start > 0) for await (const c of handle.createReadStream({ start: 0, end: start - 1, autoClose: false })) hash.update(c as Buffer);
      try {
        if (target.putFile) {
          // On Linux the open file itself is sent (its /proc entry reopens the same inode), not whatever the
          // path names by then.
          await target.putFile(process.platform === 'linux' ? `/proc/self/fd/${handle.fd}` : f.path, part, {
            start,
            signal: this.c.signal,
            onData: (c) => hash.update(c),
            onProgress: (n) => {
              this.bytesSent += n;
              const rate = this.meter.update(this.bytesSent);
              this.c.report({ bytesDone: this.bytesSent, rate, etaSeconds: rate > 0 ? Math.max(0, (plan.bytesTotal - this.bytesSent) / rate) : null, current: f.rel });
            },
          });
        } else {
          const data = await handle.readFile();
          hash.update(data);
          await target.writeFile(part, data);
          this.bytesSent += data.length;
        }
        f.sha256 = hash.digest('hex');
        return;
      } catch (e) {
        if (!(e instanceof TargetError && e.code === 'disconnected') || attempt >= this.c.retries) throw e;
      } finally {
        await handle.close();
      }
    }
  }

  async commit(f: SyncEntry): Promise<void> {
    await this.c.target.rename(tempPath(this.final(f)), this.final(f));
    this.uploaded.push(f.rel);
    this.c.report({ filesDone: this.uploaded.length });
  }

  /** Verify a few files after the fact (the ones sent again after a mismatch); returns those still wrong. */
  async verifyAndCommit(batch: SyncEntry[]): Promise<SyncEntry[]> {
    const hashes = await remoteHashes(this.c.target, this.c.layout.dataset, batch.map((f) => tempPath(f.rel)));
    const bad: SyncEntry[] = [];
    for (const f of batch) {
      if (hashes.get(tempPath(f.rel)) === f.sha256) await this.commit(f);
      else bad.push(f);
    }
    return bad;
  }

  /** A corrupt or stale .part: sent again from the start, once. */
  async resend(bad: SyncEntry[]): Promise<void> {
    for (const f of bad) await this.c.target.remove(tempPath(this.final(f)));
    this.c.plan.partSizes.clear();
    for (const f of bad) await this.sendPart(f);
    const still = await this.verifyAndCommit(bad);
    if (still.length > 0) throw new TargetError('failed', `hash mismatch after upload: ${still.map((f) => f.rel).join(', ')}`);
  }
}

/** Send every planned file and put it in place, verified. */
export async function sendPlanned(c: SendContext): Promise<SendResult> {
  const s = new Sender(c);
  const byPart = new Map(c.plan.todo.map((f) => [tempPath(f.rel), f]));
  const bad: SyncEntry[] = [];
  // Renames are small round trips: several stay in flight, bounded below so they do not pile up.
  const renames = new Set<Promise<void>>();
  let renameError: unknown = null;
  const hasher = new RemoteHasher(c.target, c.layout.dataset, (part, sha256) => {
    const f = byPart.get(part);
    if (!f) return;
    if (sha256 === null || sha256 !== f.sha256) {
      bad.push(f);
      return;
    }
    const p = s.commit(f).catch((e: unknown) => {
      renameError ??= e;
    });
    renames.add(p);
    void p.finally(() => renames.delete(p));
  });

  const queue = [...c.plan.todo].sort((a, b) => b.size - a.size); // big files first keeps all streams busy at the end
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const f = queue[next++];
      try {
        await s.sendPart(f);
      } catch (e) {
        next = queue.length; // the other streams stop after their current file
        throw e;
      }
      hasher.add(tempPath(f.rel));
      while (renames.size >= 16) await Promise.race(renames);
    }
  };
  const parallel = Math.max(1, await c.parallelism);
  const tSend = Date.now();
  let transferSeconds = 0;
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
  } finally {
    transferSeconds = (Date.now() - tSend) / 1000;
    c.report({ phase: 'verifying', current: undefined });
    await hasher.end();
    await Promise.all(renames);
  }
  if (renameError) throw renameError;
  if (bad.length > 0) await s.resend(bad);
  return { uploaded: s.uploaded, bytesSent: s.bytesSent, resumed: s.resumed, transferSeconds };
}
