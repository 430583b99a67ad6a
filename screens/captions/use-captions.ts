import { useCallback, useEffect, useRef, useState } from 'react';
import { runOperation, type OperationResult } from '../../src/captions/apply.js';
import { JournalError, type JournalEntry } from '../../src/captions/journal.js';
import type { CaptionOp } from '../../src/captions/operations.js';
import { loadCaptionReview, type CaptionReview } from '../../src/captions/review.js';
import { runAutoTag, taggerThresholds } from '../../src/captions/autotag.js';
import { NO_TRIGGER, opContextFor } from '../../src/captions/op-builder.js';
import { recoveryMessage } from '../../src/captions/report-text.js';
import type { TagProgress } from '../../src/captions/tagger/wd14.js';
import { openWorkspace, recordCaptionsProgress, type CaptionWorkspace } from '../../src/captions/workspace.js';
import { recheckDataset } from '../../src/dataset/record.js';

export type CaptionsState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; ws: CaptionWorkspace; review: CaptionReview };

/**
 * The Captions screen's link to the caption services: loads the review, runs journaled operations,
 * undo and redo, then reloads and records the step's progress. Errors come back as values.
 */
export function useCaptions(dir: string, onProgressRecorded: () => void, onRecovered?: (message: string) => void) {
  const [state, setState] = useState<CaptionsState>({ status: 'loading' });
  const wsRef = useRef<CaptionWorkspace | null>(null);
  // Changes run one after another, in the order the keys were pressed (an undo pressed while a save
  // is still being written waits for it instead of being refused).
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const [pending, setPending] = useState(0);
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    setPending((n) => n + 1);
    const next = queue.current.then(fn, fn).finally(() => setPending((n) => n - 1));
    queue.current = next.catch(() => {});
    return next;
  }

  // Callbacks through refs: the workspace is opened (and crash recovery runs) once per folder, never
  // again because a parent re-rendered with new callback identities.
  const onRecordedRef = useRef(onProgressRecorded);
  onRecordedRef.current = onProgressRecorded;
  const onRecoveredRef = useRef(onRecovered);
  onRecoveredRef.current = onRecovered;

  const reload = useCallback(async (ws: CaptionWorkspace, record: 'always' | 'if-changed') => {
    const review = await loadCaptionReview(ws.root, ws.trigger, {}, undefined, ws.textEncoder);
    setState({ status: 'ready', ws, review });
    await recordCaptionsProgress(ws, review.items, { onlyIfChanged: record === 'if-changed' }).catch(() => {});
    onRecordedRef.current();
    // A caption change changes what the dataset check finds: the recorded check follows, in the background.
    if (record === 'always' && ws.isProjectDataset && ws.projectDir) void recheckDataset(ws.projectDir).then(() => onRecordedRef.current(), () => {});
  }, []);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const ws = await openWorkspace({ cwd: dir });
        const recovered = await ws.journal.lock(() => ws.journal.recover()).catch(() => []);
        for (const r of recovered) onRecoveredRef.current?.(recoveryMessage(r));
        wsRef.current = ws;
        if (live) await reload(ws, 'if-changed');
      } catch (e) {
        if (live) setState({ status: 'error', message: (e as Error).message });
      }
    })();
    return () => {
      live = false;
    };
  }, [dir, reload]);

  /** Run an operation on some images; resolves to the result or an error message. */
  const run = useCallback(
    async (op: CaptionOp, images: readonly string[] | null, label?: { op: string; description: string }): Promise<OperationResult | { error: string }> => {
      const ws = wsRef.current;
      if (!ws) return { error: 'captions are still loading' };
      const context = opContextFor(op, ws);
      if (!context.ok) return { error: context.message };
      return serial(async () => {
        try {
          const r = await runOperation(op, { root: ws.root, journal: ws.journal, ctx: context.ctx, filter: images ? { images } : {} }, label);
          await reload(ws, 'always');
          return r;
        } catch (e) {
          return { error: (e as Error).message };
        }
      });
    },
    [reload],
  );

  const history = useCallback(
    async (which: 'undo' | 'redo'): Promise<{ entry: JournalEntry | null } | { error: string }> => {
      const ws = wsRef.current;
      if (!ws) return { error: 'captions are still loading' };
      return serial(async () => {
        try {
          const entry = which === 'undo' ? await ws.journal.undo() : await ws.journal.redo();
          await reload(ws, 'always');
          return { entry };
        } catch (e) {
          return { error: e instanceof JournalError ? e.message : `${which} failed: ${(e as Error).message}` };
        }
      });
    },
    [reload],
  );

  // Auto-tagging progress goes to subscribers (the screen throttles its renders).
  const listeners = useRef(new Set<(p: TagProgress | null) => void>());
  const subscribe = useCallback((push: (p: TagProgress | null) => void) => {
    listeners.current.add(push);
    return () => void listeners.current.delete(push);
  }, []);

  /** WD14 over some images (merge mode), as one undoable operation. */
  const autoTag = useCallback(
    async (images: readonly string[] | null, signal: AbortSignal): Promise<OperationResult | { error: string }> => {
      const ws = wsRef.current;
      if (!ws) return { error: 'captions are still loading' };
      const tagger = ws.tagger;
      if (!tagger) return { error: 'no WD14 model set: run `lorapilot captions tag --model DIR` once (it is remembered), or set captions.tagger.model in lorapilot.yaml' };
      const trigger = ws.trigger;
      if (!trigger) return { error: NO_TRIGGER };
      const thresholds = taggerThresholds(ws);
      if ('error' in thresholds) return thresholds;
      return serial(async () => {
        const emit = (p: TagProgress | null) => listeners.current.forEach((l) => l(p));
        try {
          const r = await runAutoTag({
            ws,
            trigger,
            modelDir: tagger.model,
            thresholds,
            mode: 'merge',
            filter: images ? { images } : {},
            signal,
            onProgress: emit,
          });
          await reload(ws, 'always');
          return r.result;
        } catch (e) {
          return { error: signal.aborted ? 'auto-tagging cancelled: nothing was changed' : (e as Error).message };
        } finally {
          emit(null);
        }
      });
    },
    [reload],
  );

  /** A change is being written: the review on screen may be about to change. */
  return { state, run, history, autoTag, subscribe, pending: pending > 0 };
}
