import { displayPath } from '../text/display.js';
import { formatDuration, plural } from '../text/format.js';
import { glyph } from '../text/glyphs.js';
import { oneLine } from '../text/sanitize.js';
import { summarizeChanges, type FileChange, type OperationResult } from './apply.js';
import type { AutoTagResult } from './autotag.js';
import type { JournalEntry, RecoveryReport } from './journal.js';
import type { CaptionReview } from './review.js';
import type { TagProgress } from './tagger/wd14.js';

/** Caption operations in words: what `lorapilot captions` prints and what the Captions screen says. */

/** Changed files listed one per line, up to this many (the rest: --json). */
const MAX_LINES = 40;

/** "ensure-trigger: 2 captions changed, 5 unchanged". */
export function operationHeadline(r: OperationResult): string {
  const verb = r.dryRun ? 'would change' : 'changed';
  return `${r.description}: ${plural(r.changes.length, 'caption')} ${verb}, ${r.unchanged} unchanged${r.errors.length ? `, ${r.errors.length} failed` : ''}`;
}

/** The headline with the first tags added and removed, and the first failure: one status line. */
export function operationMessage(r: OperationResult): string {
  const s = summarizeChanges(r.changes);
  const parts = [operationHeadline(r)];
  if (s.added.size) parts.push(`+${oneLine([...s.added.keys()].slice(0, 3).join(' +'))}`);
  if (s.removed.size) parts.push(`-${oneLine([...s.removed.keys()].slice(0, 3).join(' -'))}`);
  if (r.errors.length) parts.push(`(${displayPath(r.errors[0].rel)}: ${r.errors[0].message})`);
  return parts.join('  ');
}

function changeLine(c: FileChange): string {
  const parts = [...c.added.map((t) => `+${oneLine(t)}`), ...c.removed.map((t) => `-${oneLine(t)}`), ...c.notes.map((n) => `(${n})`)];
  return `  ${displayPath(c.rel)}: ${parts.join(' ') || '(rewritten)'}`;
}

function countList(m: Map<string, number>, sign: string): string {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([t, n]) => `${sign}${oneLine(t)} ×${n}`)
    .join('  ');
}

/** The full report of an operation: lines for stdout, failures for stderr, then a closing hint (dry run, undo). */
export function operationReport(r: OperationResult): { out: string[]; err: string[]; hint: string | null } {
  const out = [operationHeadline(r), ...r.changes.slice(0, MAX_LINES).map(changeLine)];
  if (r.changes.length > MAX_LINES) out.push(`  ${glyph.ellipsis} ${r.changes.length - MAX_LINES} more (--json lists all)`);
  const s = summarizeChanges(r.changes);
  if (s.added.size) out.push(`tags added:   ${countList(s.added, '+')}`);
  if (s.removed.size) out.push(`tags removed: ${countList(s.removed, '-')}`);
  if (s.created) out.push(`captions created: ${s.created}`);
  const hint = r.dryRun && r.changes.length ? 'Dry run: nothing was written. Run again without --dry-run to apply.' : r.journal ? 'Undo with: lorapilot captions undo' : null;
  return { out, err: r.errors.map((e) => `error: ${displayPath(e.rel)}: ${e.message}`), hint };
}

/** An operation a crash interrupted, and what was done about it. */
export function recoveryMessage(r: RecoveryReport): string {
  const conflicts = r.conflicts.length ? ` (${r.conflicts.length} file(s) changed since, left alone: ${r.conflicts.map((c) => displayPath(c.rel)).join(', ')})` : '';
  return `recovered: '${r.description}' was interrupted; ${r.action === 'rolled-back' ? 'rolled back' : 'finished'}${conflicts}`;
}

export function historyMessage(which: 'undo' | 'redo', entry: JournalEntry | null): string {
  if (!entry) return `nothing to ${which}`;
  return `${which === 'undo' ? 'undone' : 'redone'}: ${entry.description} (${plural(entry.files.length, 'caption')}, ${entry.createdAt})`;
}

export function historyLine(e: JournalEntry): string {
  return `${String(e.seq).padStart(4)}  ${e.state.padEnd(8)}  ${e.createdAt}  ${e.description} (${e.files.length} files)`;
}

export function reviewLines(review: CaptionReview): string[] {
  const lines: string[] = [];
  for (const i of review.items) {
    const status = i.problems.length ? i.problems.map((p) => p.message).join('; ') : 'ok';
    lines.push(`${displayPath(i.target.image.rel)}  [${oneLine(status)}]`);
    if (i.text !== null) lines.push(`    ${oneLine(i.tags.join(', '))}`);
  }
  const bad = review.items.filter((i) => i.problems.length).length;
  lines.push(`${review.items.length} images, ${review.items.length - bad} ok, ${bad} with problems`);
  return lines;
}

export function statsLines(s: { folder: string | null; images: number; captioned: number; notRegular: ReadonlyArray<{ file: string; message: string }>; tags: ReadonlyArray<{ tag: string; images: number }> }): string[] {
  const lines = [`${s.images} images, ${s.captioned} captioned, ${s.tags.length} distinct tags${s.folder ? ` in ${s.folder}` : ''}`];
  for (const n of s.notRegular) lines.push(`  ${displayPath(n.file)}: ${n.message}`);
  const w = Math.min(40, s.tags.reduce((m, f) => Math.max(m, f.tag.length), 3));
  for (const f of s.tags) lines.push(`  ${String(f.images).padStart(5)}  ${(s.captioned ? Math.round((100 * f.images) / s.captioned) : 0).toString().padStart(3)}%  ${oneLine(f.tag).padEnd(w)}`.trimEnd());
  return lines;
}

/** "12/40 · 3.1 img/s · ETA 0:09": auto-tagging progress, on the command's line and the screen's bar. */
export function tagProgressText(p: TagProgress, sep = ` ${glyph.separator} `): string {
  const rate = p.elapsedMs > 0 ? (p.done / p.elapsedMs) * 1000 : 0;
  return [`${p.done}/${p.total}`, `${rate.toFixed(1)} img/s`, `ETA ${formatDuration(p.etaSeconds ?? NaN)}`].join(sep);
}

export function taggedLine(r: AutoTagResult): string {
  return `tagged ${plural(r.tagged, 'image')} in ${(r.elapsedMs / 1000).toFixed(1)} s (${r.imagesPerSecond.toFixed(1)} img/s, model input ${r.size}×${r.size})`;
}
