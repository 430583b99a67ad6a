import { relative } from 'node:path';
import { formatBytes, formatDuration, plural } from '../text/format.js';
import { glyph } from '../text/glyphs.js';
import type { DownloadOutcome } from './download.js';
import type { QueueItem, QueueState } from './download-queue.js';

/** How downloads read to the user, on the command line and on the Checkpoints screen alike. */

export function isDone(status: QueueItem['status']): boolean {
  return status === 'downloaded' || status === 'already';
}

/** Outcomes that left a checkpoint not downloaded (each one resumes on the next attempt). */
export function notDownloaded<T extends { status: QueueItem['status'] }>(results: readonly T[]): T[] {
  return results.filter((r) => r.status === 'failed' || r.status === 'conflict' || r.status === 'cancelled');
}

/** The checkpoint being downloaded: `2/3 NAME  42%  1.2 MB / 3.0 MB  20.0 MB/s  ETA 0:03`. */
export function progressText(state: QueueState): string {
  const item = state.items[state.current];
  if (!item) return '';
  const pct = item.total ? Math.floor((item.bytes / item.total) * 100) : 100;
  const rate = state.rate > 0 ? `${formatBytes(state.rate)}/s` : glyph.ellipsis;
  const eta = state.rate > 0 ? (item.total - item.bytes) / state.rate : Infinity;
  const position = state.items.length > 1 ? `${state.current + 1}/${state.items.length} ` : '';
  return `${position}${item.file}  ${pct}%  ${formatBytes(item.bytes)} / ${formatBytes(item.total)}  ${rate}  ETA ${formatDuration(eta)}`;
}

/** The share of the current checkpoint downloaded, for a progress bar beside progressText. */
export function progressRatio(state: QueueState): number {
  const item = state.items[state.current];
  return item?.total ? item.bytes / item.total : 0;
}

/** One line per finished checkpoint; paths relative to the project folder. */
export function outcomeLine(r: DownloadOutcome, cwd: string): string {
  switch (r.status) {
    case 'downloaded':
      return `${glyph.success} ${r.file} ${glyph.arrow} ${relative(cwd, r.path)} (${formatBytes(r.bytes)}${r.resumedFrom ? `, resumed at ${formatBytes(r.resumedFrom)}` : ''}, ${r.seconds > 0 ? `${formatBytes(r.bytes / r.seconds)}/s` : 'instant'}, verified: SHA-256 equals the pod's)${r.replaced ? `; replaced the older file of that name, whose bytes differed from the pod's` : ''}`;
    case 'already':
      return `${glyph.success} ${r.file} already in ${relative(cwd, r.path) || r.path} (verified: SHA-256 equals the pod's)`;
    case 'conflict':
      return `${glyph.error} ${r.file}: ${r.message} (--replace to replace it)`;
    case 'cancelled':
      return `${glyph.warning} ${r.file}: cancelled at ${formatBytes(r.partialBytes)}; run again to resume`;
    case 'failed':
      return `${glyph.error} ${r.file}: ${r.message}${r.partialBytes && r.retry ? ` (${formatBytes(r.partialBytes)} kept; run again to resume)` : ''}`;
  }
}

/** `1 of 3 not downloaded`: the count both faces report before saying how to resume. */
export function notDownloadedText(results: readonly DownloadOutcome[]): string {
  return `${notDownloaded(results).length} of ${results.length} not downloaded`;
}

type Failed = Extract<DownloadOutcome, { status: 'failed' }>;

/**
 * Those not downloaded, split by what trying again does: `again` resume or retry (a dropped connection, a
 * conflicting file moved away), `broken` are bad on the pod itself (the service's `retry: false`), so trying
 * again will not help. Both faces word their next step from this.
 */
export function nextStep(results: readonly DownloadOutcome[]): { again: DownloadOutcome[]; broken: Failed[] } {
  const left = notDownloaded(results);
  const broken = left.filter((r): r is Failed => r.status === 'failed' && !r.retry);
  return { again: left.filter((r) => !broken.includes(r as Failed)), broken };
}

/** The command's next step: run again (resume, retry), and which checkpoints running again will not help. */
export function nextStepText(results: readonly DownloadOutcome[]): string {
  const { again, broken } = nextStep(results);
  const parts: string[] = [];
  if (again.length > 0) parts.push('run the same command again to resume');
  if (broken.length > 0) parts.push(`${broken.map((r) => r.file).join(', ')} cannot be downloaded as ${broken.length === 1 ? 'it is' : 'they are'} on the pod (see above); running again will not help`);
  return parts.join('; ');
}

/**
 * The Checkpoints screen's notice for a batch that left checkpoints behind, in one line: why (the service's
 * reason, a checkpoint broken on the pod first, as pressing d again cannot mend it), then whether d resumes.
 */
export function stoppedText(results: readonly DownloadOutcome[]): string {
  const { again, broken } = nextStep(results);
  const head = notDownloadedText(results);
  if (broken.length === 0) return `${head}: ${firstProblem(again)}. Press d to resume.`;
  const more = broken.length > 1 ? ` (${broken.length - 1} more broken on the pod: ${broken.slice(1).map((r) => r.file).join(', ')})` : '';
  return `${head}: ${broken[0].message}${more}; ${again.length > 0 ? 'press d to resume the others' : 'pressing d again will not help'}.`;
}

/** What a finished batch came to, when nothing failed. */
export function downloadedText(results: readonly DownloadOutcome[]): string {
  const fetched = results.filter((r) => r.status === 'downloaded').length;
  const already = results.length - fetched;
  if (fetched === 0) return `${plural(already, 'checkpoint')} already in loras/ (verified)`;
  return `downloaded ${plural(fetched, 'checkpoint')} into loras/${already ? `, ${already} already there (verified)` : ''}`;
}

/** Why a stopped batch did not finish: the first item that did not. */
export function firstProblem(items: ReadonlyArray<{ file: string; status: QueueItem['status']; message?: string }>): string | null {
  const bad = items.find((i) => !isDone(i.status));
  return bad ? `${bad.file}: ${bad.message ?? bad.status}` : null;
}
