import { useEffect, useMemo, useRef } from 'react';
import type { CheckpointIndex } from '../../src/checkpoints/checkpoint-index.js';
import { consistencyBySteps, IdentityTracker, trackIndexSamples, type IdentityTrackState } from '../../src/checkpoints/identity-tracker.js';
import { facesSettings } from '../../src/faces/index.js';
import type { Project } from '../../src/project/index.js';
import type { Target } from '../../src/remote/target.js';
import { useThrottledSubscription } from '../../src/ui/use-throttled.js';

const IDLE: IdentityTrackState = { status: 'idle', message: null, threshold: null, steps: [] };

/** Identity consistency per checkpoint step, measured in the background from the run's samples. */
export function useIdentity(project: Project | null, dir: string, getTarget: () => Target | null, index: CheckpointIndex | null, cacheDir: string): { state: IdentityTrackState; bySteps: Map<number, number | null> | undefined; userWeight: number } {
  const tracker = useMemo(() => (project ? new IdentityTracker(project, dir) : null), [project?.name, dir]);
  useEffect(() => () => void tracker?.close(), [tracker]);
  // The session hands out its connection through a fresh function each render; the index says when to look again.
  const targetRef = useRef(getTarget);
  targetRef.current = getTarget;
  useEffect(() => {
    const target = targetRef.current();
    if (!tracker || !target || !index) return;
    const controller = new AbortController();
    void trackIndexSamples(tracker, index, target, cacheDir, controller.signal).catch(() => {});
    return () => controller.abort();
  }, [tracker, index, cacheDir]);
  const subscribe = useMemo(() => (tracker ? (push: (s: IdentityTrackState) => void) => tracker.subscribe(push) : null), [tracker]);
  const state = useThrottledSubscription(subscribe, IDLE, 200);
  // No column until a sample has been judged: a run without a training identity keeps the table as it was.
  const bySteps = useMemo(() => (state.steps.some((s) => s.consistency !== null) ? consistencyBySteps(state) : undefined), [state]);
  return { state, bySteps, userWeight: facesSettings(project).userWeight };
}
