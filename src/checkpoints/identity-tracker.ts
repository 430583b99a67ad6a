import { existsSync } from 'node:fs';
import type { FaceScanner, TrainingIdentity } from '../faces/index.js';
import { faceCachePath, judge } from '../faces/index.js';
import type { Project } from '../project/index.js';
import { identityBySteps, type JudgedSample, type StepIdentity } from './identity.js';
import { openIdentity } from './identity-service.js';
import type { CheckpointIndex } from './checkpoint-index.js';
import { fetchSample } from './sample-cache.js';
import type { Target } from '../remote/target.js';

/**
 * Identity consistency of a run's samples as they arrive, for the Monitor's curve and the Checkpoints table:
 * "is it learning the face yet?". Samples are scored one at a time in the background; the face model loads
 * only when there is a training identity and a sample to judge.
 */
export interface IdentityTrackState {
  status: 'idle' | 'scoring' | 'ready' | 'unavailable';
  /** Why identity cannot be measured (no face model, no character image with one face). */
  message: string | null;
  threshold: number | null;
  steps: StepIdentity[];
}

export interface TrackedSample {
  step: number;
  prompt: number;
  /** The sample's local file (a cached copy for a remote run). */
  path: string;
}

export class IdentityTracker {
  private state: IdentityTrackState = { status: 'idle', message: null, threshold: null, steps: [] };
  private readonly listeners = new Set<(s: IdentityTrackState) => void>();
  private readonly seen = new Set<string>();
  private readonly judged: JudgedSample[] = [];
  private readonly queue: TrackedSample[] = [];
  private base: Promise<{ identity: TrainingIdentity; scanner: FaceScanner } | null> | null = null;
  private running = false;
  private closed = false;

  constructor(
    private readonly project: Project,
    private readonly dir: string,
  ) {
    // Identity is measured against the dataset's faces: a screen starts once they are scored (lorapilot check, or
    // the Dataset step), which also gives the training identity from the cache.
    if (!existsSync(faceCachePath(dir))) this.state = { ...this.state, status: 'unavailable', message: 'faces not scored yet: run lorapilot check (or open the Dataset step)' };
  }

  subscribe(push: (s: IdentityTrackState) => void): () => void {
    this.listeners.add(push);
    push(this.state);
    return () => this.listeners.delete(push);
  }

  current(): IdentityTrackState {
    return this.state;
  }

  /** Hand over the samples known now; new ones are queued for scoring, known ones ignored. */
  add(samples: readonly TrackedSample[]): void {
    for (const s of samples) {
      if (this.seen.has(s.path)) continue;
      this.seen.add(s.path);
      this.queue.push(s);
    }
    if (this.queue.length > 0 && !this.running && !this.closed && this.state.status !== 'unavailable') void this.drain();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    const b = await this.base?.catch(() => null);
    await b?.scanner.close();
  }

  private set(next: Partial<IdentityTrackState>): void {
    this.state = { ...this.state, ...next };
    for (const l of this.listeners) l(this.state);
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      this.base ??= openIdentity(this.project, this.dir).then((b) => {
        if (b.ok) return b;
        this.set({ status: 'unavailable', message: b.message });
        return null;
      });
      const base = await this.base;
      if (!base) return;
      this.set({ status: 'scoring', threshold: base.identity.threshold });
      while (this.queue.length > 0 && !this.closed) {
        const s = this.queue.shift()!;
        const r = await base.scanner.scan(s.path);
        if (r.ok) this.judged.push({ file: s.path, step: s.step, prompt: s.prompt, judgement: judge(r.faces, base.identity) });
        this.set({ steps: identityBySteps(this.judged) });
      }
      if (!this.closed) this.set({ status: 'ready' });
    } catch (e) {
      this.set({ status: 'unavailable', message: (e as Error).message.split('\n')[0] });
    } finally {
      this.running = false;
    }
  }
}

/** Fetch every sample of an index into the sample cache (known ones are not fetched again) and track it. */
export async function trackIndexSamples(tracker: IdentityTracker, index: CheckpointIndex, target: Target, cacheDir: string, signal?: AbortSignal): Promise<void> {
  if (tracker.current().status === 'unavailable') return;
  for (const step of index.sampleSteps) {
    for (const s of step.samples) {
      if (signal?.aborted) return;
      const got = await fetchSample(target, index.folder, index.jobName, s, cacheDir);
      if (got.ok) tracker.add([{ step: s.step, prompt: s.index, path: got.path }]);
    }
  }
}

/** Consistency per step, for the Checkpoints table's identity column. */
export function consistencyBySteps(s: IdentityTrackState): Map<number, number | null> {
  return new Map(s.steps.map((x) => [x.step, x.consistency]));
}
