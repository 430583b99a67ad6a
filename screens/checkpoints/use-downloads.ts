import { useCallback, useEffect, useRef } from 'react';
import { checkpointsToDownload } from '../../src/checkpoints/download-pick.js';
import { DownloadQueue, IDLE_QUEUE, PROGRESS_INTERVAL_MS, type QueueState } from '../../src/checkpoints/download-queue.js';
import { downloadedText, notDownloaded, stoppedText } from '../../src/checkpoints/download-text.js';
import type { CheckpointIndex } from '../../src/checkpoints/checkpoint-index.js';
import type { Project } from '../../src/project/index.js';
import type { Target } from '../../src/remote/target.js';
import { glyph } from '../../src/ui/theme.js';
import { useThrottledSubscription } from '../../src/ui/use-throttled.js';
import type { AppContextValue } from '../app-context.js';

interface DownloadDeps {
  target: () => Target | null;
  index: CheckpointIndex | null;
  project: Project | null;
  loras: string;
  notify: AppContextValue['notify'];
  /** List the checkpoints again once the downloads end (their `where` changed). */
  refresh: () => Promise<void>;
}

/** The screen's downloads: the same selection and queue as `lorapilot checkpoints download`. */
export function useDownloads(d: DownloadDeps): { state: QueueState; start: () => Promise<void>; cancel: () => void } {
  const queue = useRef(new DownloadQueue()).current;
  const state = useThrottledSubscription(queue.subscribe, IDLE_QUEUE, PROGRESS_INTERVAL_MS);
  useEffect(() => () => queue.cancel(), [queue]);
  const { target: getTarget, index, project, loras, notify, refresh } = d;

  const start = useCallback(async () => {
    const target = getTarget();
    if (!target || !index || !project) return;
    const pick = checkpointsToDownload(index, project.checkpoints.marked);
    if (!pick.ok) {
      notify(pick.reason === 'nothing-marked' ? 'Mark checkpoints with space first, then press d.' : pick.message, 'info');
      return;
    }
    let results;
    try {
      results = await queue.start(target, pick.entries, loras);
    } catch (e) {
      notify((e as Error).message, 'warning');
      return;
    }
    if (notDownloaded(results).length === 0) notify(`${glyph.success} ${downloadedText(results)}`, 'success');
    else notify(stoppedText(results), 'warning');
    await refresh();
  }, [getTarget, index, project, loras, notify, refresh, queue]);

  return { state, start, cancel: () => queue.cancel() };
}
