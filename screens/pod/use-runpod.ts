import { useMemo } from 'react';
import { RunpodController, type RunpodSnapshot } from '../../src/pod/runpod-controller.js';
import type { Project } from '../../src/project/index.js';
import { useThrottledSubscription } from '../../src/ui/use-throttled.js';

/** The Pod screen's RunPod controller and its throttled snapshot (null without a project). */
export function useRunpod(dir: string, project: Project | null): { controller: RunpodController | null; snap: RunpodSnapshot | null } {
  const controller = useMemo(() => (project ? new RunpodController(dir, project) : null), [dir, project === null]);
  const subscribe = useMemo(() => (controller ? (push: (s: RunpodSnapshot) => void) => controller.subscribe(push) : null), [controller]);
  const snap = useThrottledSubscription<RunpodSnapshot | null>(subscribe, controller?.snapshot ?? null);
  return { controller, snap };
}
