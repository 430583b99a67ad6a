import type { CheckOptions, CheckProgress } from './check.js';
import { checkDataset } from './check.js';
import type { CheckReport } from './report.js';

/** A running check as something a screen can subscribe to (useThrottledSubscription). */
export interface CheckRunState {
  status: 'running' | 'done' | 'failed' | 'cancelled';
  progress: CheckProgress | null;
  /** The latest report: while the decode pass runs, the fast pass's report (`report.decoded` false). */
  report: CheckReport | null;
  error: string | null;
}

export interface CheckRun {
  subscribe(push: (s: CheckRunState) => void): () => void;
  cancel(): void;
  /** Settles with the final state; never rejects. */
  done: Promise<CheckRunState>;
  current(): CheckRunState;
}

export function startCheck(root: string, opts: Omit<CheckOptions, 'onProgress' | 'signal'> = {}): CheckRun {
  const controller = new AbortController();
  const listeners = new Set<(s: CheckRunState) => void>();
  let state: CheckRunState = { status: 'running', progress: null, report: null, error: null };
  const set = (next: CheckRunState) => {
    state = next;
    for (const l of listeners) l(state);
  };
  const onProgress = (progress: CheckProgress) => {
    if (state.status === 'running') set({ ...state, progress });
  };
  // With decoding on, the fast pass reports first (layout, captions, headers in well under a second),
  // so the screen has findings to show while images decode.
  const run = async () => {
    if (opts.decode !== false) {
      const fast = await checkDataset(root, { ...opts, decode: false, signal: controller.signal, onProgress: () => {} });
      if (state.status === 'running') set({ ...state, report: fast });
    }
    // Faces take about a second an image: the report without them is shown first, their findings join it when scored.
    if (opts.faces && opts.decode !== false) {
      const decoded = await checkDataset(root, { ...opts, faces: undefined, signal: controller.signal, onProgress });
      if (state.status === 'running') set({ ...state, report: decoded });
    }
    return checkDataset(root, { ...opts, signal: controller.signal, onProgress });
  };
  const done = run().then(
    (report) => {
      set({ status: 'done', progress: state.progress, report, error: null });
      return state;
    },
    (e: Error) => {
      set({ status: controller.signal.aborted ? 'cancelled' : 'failed', progress: state.progress, report: null, error: e.message });
      return state;
    },
  );
  return {
    subscribe(push) {
      listeners.add(push);
      push(state);
      return () => listeners.delete(push);
    },
    cancel: () => controller.abort(),
    done,
    current: () => state,
  };
}
