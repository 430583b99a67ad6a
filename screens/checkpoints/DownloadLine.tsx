import { Text } from 'ink';
import type { QueueState } from '../../src/checkpoints/download-queue.js';
import { firstProblem, isDone, progressRatio, progressText } from '../../src/checkpoints/download-text.js';
import { ProgressBar } from '../../src/ui/ProgressBar.js';
import { glyph, theme } from '../../src/ui/theme.js';

/** Whether the bottom line shows the downloads: while they run, and after one that did not finish. */
export function showDownloads(state: QueueState): boolean {
  return state.items.length > 0 && (state.running || state.items.some((i) => !isDone(i.status)));
}

/** The download under way with a bar, or why the last batch stopped. */
export function DownloadLine({ state, width }: { state: QueueState; width: number }) {
  if (!state.running) {
    const done = state.items.filter((i) => isDone(i.status)).length;
    const problem = firstProblem(state.items);
    return (
      <Text wrap="truncate" color={theme.status.warning}>
        {glyph.warning} {done}/{state.items.length} downloaded{problem ? ` ${glyph.separator} ${problem}` : ''}
      </Text>
    );
  }
  const label = progressText(state);
  const barW = Math.max(5, Math.min(30, width - label.length - 8));
  return <ProgressBar ratio={progressRatio(state)} width={barW} label={label} />;
}
