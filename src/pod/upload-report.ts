import { z } from 'zod';
import { formatBytes, formatDuration, plural } from '../text/format.js';
import { glyph } from '../text/glyphs.js';
import type { RemoteConfig } from './remote-config.js';
import type { SyncProgress, SyncResult } from './sync.js';

/**
 * An upload as every face shows it: the progress line (and when to redraw or print it), the summary of the
 * result and the JSON of `lorapilot pod upload`.
 */

export function syncRatio(p: SyncProgress): number {
  return p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : 1;
}

/** `12.3 MB / 40.0 MB  31/200 files  9.1 MB/s  ETA 0:03` */
export function syncProgressLabel(p: SyncProgress): string {
  const rate = p.rate > 0 ? `${formatBytes(p.rate)}/s` : '–';
  const eta = p.etaSeconds !== null ? formatDuration(p.etaSeconds) : '–';
  return `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}  ${p.filesDone}/${p.filesTotal} files  ${rate}  ETA ${eta}`;
}

/** The whole progress in one line: the phase, or the percentage and the figures while sending. */
export function syncProgressText(p: SyncProgress): string {
  if (p.phase === 'hashing') return `hashing ${p.current ?? ''}`;
  if (p.phase === 'comparing') return 'comparing with the pod…';
  if (p.phase === 'verifying') return 'verifying hashes on the pod…';
  if (p.phase === 'deleting') return 'deleting remote files…';
  return `${String(Math.floor(syncRatio(p) * 100)).padStart(3)}%  ${syncProgressLabel(p)}`;
}

/**
 * Which progress reports are worth showing: a terminal redraws one line at most 10 times a second, a log
 * (no terminal) gets a line every 2 s while sending and nothing for the short phases around it.
 * Returns the line to show, or null.
 */
export function progressPacer(redraw: boolean, now: () => number = Date.now): (p: SyncProgress) => string | null {
  let last = -Infinity;
  return (p) => {
    const t = now();
    if (p.phase === 'uploading' && t - last < (redraw ? 100 : 2000)) return null;
    last = t;
    if (!redraw && !(p.phase === 'uploading' && p.filesTotal > 0)) return null;
    return syncProgressText(p);
  };
}

type Sent = Pick<SyncResult, 'uploaded' | 'skipped' | 'bytesSent' | 'seconds'>;

/** `3 files sent (1.2 MB, 4.0 MB/s), 197 unchanged, hashes verified` */
export function uploadSentText(r: Sent): string {
  const rate = r.seconds > 0 ? r.bytesSent / r.seconds : 0;
  return `${plural(r.uploaded.length, 'file')} sent (${formatBytes(r.bytesSent)}${rate > 0 ? `, ${formatBytes(rate)}/s` : ''}), ${r.skipped} unchanged, hashes verified`;
}

export function uploadExtraText(n: number): string {
  return `${plural(n, 'remote file')} ${n === 1 ? 'is' : 'are'} not in the dataset (kept; --delete removes them)`;
}

/** The summary `lorapilot pod upload` prints, line by line. */
export function uploadLines(r: SyncResult & { config: RemoteConfig }, targetLabel: string): string[] {
  const lines = [`Uploaded to ${targetLabel}:${r.layout.base}`, `  ${uploadSentText(r)}`];
  if (r.resumed > 0) lines.push(`  ${r.resumed} resumed from a partial upload`);
  if (r.deleted.length > 0) lines.push(`  ${plural(r.deleted.length, 'remote file')} deleted`);
  if (r.extra.length > 0) lines.push(`  ${uploadExtraText(r.extra.length)}`);
  lines.push(`  config ${glyph.arrow} ${r.layout.config}`);
  for (const u of r.config.unmapped) lines.push(`  ${glyph.warning} dataset ${u} is outside the project dataset and was not uploaded`);
  return lines;
}

export const uploadJson = z.strictObject({
  ok: z.literal(true),
  target: z.string(),
  remote: z.string(),
  uploaded: z.array(z.string()),
  skipped: z.number().int(),
  bytesSent: z.number().int(),
  resumed: z.number().int(),
  deleted: z.array(z.string()),
  extra: z.array(z.string()),
  seconds: z.number(),
  unmappedDatasets: z.array(z.string()),
});
export type UploadJson = z.infer<typeof uploadJson>;

export function uploadJsonOf(r: SyncResult & { config: RemoteConfig }, targetLabel: string): UploadJson {
  return {
    ok: true,
    target: targetLabel,
    remote: r.layout.base,
    uploaded: r.uploaded,
    skipped: r.skipped,
    bytesSent: r.bytesSent,
    resumed: r.resumed,
    deleted: r.deleted,
    extra: r.extra,
    seconds: r.seconds,
    unmappedDatasets: r.config.unmapped,
  };
}
