import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FacesSection } from '../project/index.js';
import type { Scored } from './score.js';
import type { WorkerReply } from './score-worker.js';
import { FaceModelError } from './types.js';

/**
 * Scoring threads, one face model each. One thread keeps the scoring off the wizard's event loop (keys and
 * frames never wait for a net); several serve TensorFlow.js's WASM backend, which runs on one thread in Node.
 * Images go to the least loaded thread, two at a time each; the caller's order is kept by the caller (each
 * score() is its own promise).
 */

/**
 * The worker: from source (tests, tsx) the TypeScript file beside this one, loaded through tsx's API (a
 * worker ignores --import for its own entry in Node 20); from the bundle dist/bin/face-worker.js, which
 * build.mjs writes as its own entry (this module may sit in dist/bin, dist/bin/chunks or a wizard build's chunks).
 */
function workerEntry(): { source: string; eval: boolean } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // tsx's ES module API, by its package's exports map (require.resolve would give the CommonJS one).
    const pkg = createRequire(here).resolve('tsx/package.json');
    const tsx = new URL('dist/esm/api/index.mjs', pathToFileURL(pkg)).href;
    const entry = new URL('./score-worker.ts', here).href;
    return { source: `import(${JSON.stringify(tsx)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`, eval: true };
  }
  for (const rel of ['./face-worker.js', '../face-worker.js', '../../../bin/face-worker.js']) {
    const file = fileURLToPath(new URL(rel, here));
    if (existsSync(file)) return { source: file, eval: false };
  }
  throw new FaceModelError('the face scoring thread (dist/bin/face-worker.js) is missing from this install of lorapilot; reinstall it');
}

interface Job {
  id: number;
  bytes: Uint8Array;
  resolve: (r: Scored) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  state: 'starting' | 'ready' | 'gone';
  /** The images sent and not answered yet, by id. */
  jobs: Map<number, Job>;
}

/** Images a thread holds at once: it decodes the next while its model scores this one. */
const PER_THREAD = 2;

export class ScorePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private failure: Error | null = null;
  private lastStop = '';

  constructor(settings: FacesSection, size: number) {
    const entry = workerEntry();
    // The cores shared out: each thread's onnxruntime gets its part, so the threads never outnumber them. A single
    // thread is the wizard's: it leaves a core to the interface, so keys and frames never queue behind a net.
    const threads = Math.max(1, Math.floor((availableParallelism() - (size === 1 ? 1 : 0)) / size));
    for (let i = 0; i < size; i++) {
      const worker = new Worker(entry.source, { workerData: { settings, threads }, eval: entry.eval });
      const slot: Slot = { worker, state: 'starting', jobs: new Map() };
      worker.on('message', (m: WorkerReply) => this.onMessage(slot, m));
      worker.on('error', (e) => this.onGone(slot, e.message));
      worker.on('exit', (code) => this.onGone(slot, `exited with code ${code}`));
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Score one image's bytes (handed over to the thread: the caller must not use them after). */
  score(bytes: Uint8Array): Promise<Scored> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, resolve, reject });
      this.pump();
    });
  }

  /** Stop every thread; images still waiting are refused. */
  async close(): Promise<void> {
    this.fail(new Error('face scoring stopped'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    // The least loaded thread first, so two threads share the images rather than one taking two at once.
    for (;;) {
      const slot = this.queue.length ? this.slots.filter((s) => s.state === 'ready' && s.jobs.size < PER_THREAD).sort((a, b) => a.jobs.size - b.jobs.size)[0] : undefined;
      if (!slot) break;
      const job = this.queue.shift()!;
      slot.jobs.set(job.id, job);
      const copy = job.bytes.byteOffset === 0 && job.bytes.byteLength === job.bytes.buffer.byteLength ? job.bytes : job.bytes.slice();
      slot.worker.postMessage({ id: job.id, bytes: copy }, [copy.buffer as ArrayBuffer]);
    }
    if (this.queue.length && this.slots.every((s) => s.state === 'gone')) this.fail(new Error(`every face scoring thread stopped (${this.lastStop})`));
  }

  private onMessage(slot: Slot, m: WorkerReply): void {
    if (m.kind === 'ready') slot.state = 'ready';
    else if (m.kind === 'failed') {
      slot.state = 'gone';
      // A missing model is the same for every thread: the whole scan stops with the install hint.
      if (m.model) this.fail(new FaceModelError(m.error));
    } else {
      slot.jobs.get(m.id)?.resolve(m.result);
      slot.jobs.delete(m.id);
    }
    this.pump();
  }

  private onGone(slot: Slot, why: string): void {
    if (slot.state === 'gone' && slot.jobs.size === 0) return;
    slot.state = 'gone';
    this.lastStop = why;
    // The images the thread held are findings of their own; the others go to the threads still running.
    for (const job of slot.jobs.values()) job.resolve({ ok: false, error: `cannot score: the scoring thread ${why}` });
    slot.jobs.clear();
    this.pump();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const job of this.queue.splice(0)) job.reject(this.failure);
    for (const slot of this.slots) {
      for (const job of slot.jobs.values()) job.reject(this.failure);
      slot.jobs.clear();
    }
  }
}
