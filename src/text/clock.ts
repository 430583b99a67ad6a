import { formatDuration } from './format.js';

/**
 * A run's clock the way tqdm prints it: `00:13`, `01:05`, `1:02:03` — formatDuration with the minutes
 * padded to two digits under an hour, so a ticking clock keeps its width. Unknown: `--:--`.
 */
export function formatClock(seconds: number | null): string {
  if (seconds === null) return '--:--';
  const d = formatDuration(seconds);
  // under an hour formatDuration gives `m:ss` (4 characters) or `mm:ss`
  return d.length === 4 ? `0${d}` : d;
}
