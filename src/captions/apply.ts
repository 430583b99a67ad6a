import { dirname, join } from 'node:path';
import { scanDataset, type DatasetScan, type FolderKind, type ImageEntry } from '../dataset/scan.js';
import { decodeCaption, type DecodedCaption } from '../dataset/caption.js';
import { FileTooLargeError, readRegularFile } from '../fs/regular.js';
import { CaptionJournal, errorMessage, type FileFailure, type JournalEntry, type PendingChange } from './journal.js';
import { describeOp, planCaption, type CaptionOp, type OpContext } from './operations.js';

/** Captions past this size are not captions (a pasted log, a binary): reported, never rewritten. */
export const MAX_CAPTION_BYTES = 4 * 1024 * 1024;

export interface CaptionTarget {
  image: ImageEntry;
  /** The caption file: the existing one, or where a new one goes (image stem + .txt). */
  captionPath: string;
  /** Path relative to the dataset root, for display and the journal. */
  rel: string;
  exists: boolean;
  /** Set when the caption's name is taken by something that is not a regular file ('named pipe', 'device'). */
  notRegular?: string;
  folderKind: FolderKind;
}

export interface TargetFilter {
  /** Top-level folder (its rel, its name or its label without the repeats prefix). */
  folder?: string;
  /** Only these images (rel paths of the images). */
  images?: readonly string[];
}

export function folderMatches(scan: DatasetScan, folder: string): string | null {
  const f = scan.folders.find((x) => x.rel === folder || x.label === folder || x.name === folder || x.rel === folder.replace(/\/+$/, ''));
  return f ? f.rel : null;
}

/** The caption target of every image, in scan order; two images sharing a stem share one caption. */
export function captionTargets(scan: DatasetScan, filter: TargetFilter = {}): CaptionTarget[] {
  const folderRel = filter.folder !== undefined ? folderMatches(scan, filter.folder) : null;
  if (filter.folder !== undefined && folderRel === null) {
    throw new Error(`no folder '${filter.folder}' in ${scan.root} (folders: ${scan.folders.map((f) => f.name).join(', ') || 'none'})`);
  }
  const only = filter.images ? new Set(filter.images) : null;
  const kinds = new Map(scan.folders.map((f) => [f.rel, f.kind]));
  const special = new Map(scan.others.filter((o) => o.kind === 'special').map((o) => [o.path, o.message ?? 'special file']));
  const seen = new Set<string>();
  const out: CaptionTarget[] = [];
  for (const image of scan.images) {
    if (folderRel !== null && image.folder !== folderRel) continue;
    if (only && !only.has(image.rel)) continue;
    const captionPath = image.caption ?? join(dirname(image.path), `${image.stem}.txt`);
    if (seen.has(captionPath)) continue;
    seen.add(captionPath);
    const relDir = image.rel.includes('/') ? image.rel.slice(0, image.rel.lastIndexOf('/') + 1) : '';
    out.push({
      image,
      captionPath,
      rel: `${relDir}${image.stem}.txt`,
      exists: image.caption !== null,
      ...(special.has(captionPath) ? { notRegular: special.get(captionPath) } : {}),
      folderKind: kinds.get(image.folder) ?? 'character',
    });
  }
  return out;
}

export interface ReadCaption {
  bytes: Uint8Array | null;
  decoded: DecodedCaption | null;
}

export async function readCaption(t: Pick<CaptionTarget, 'captionPath' | 'exists'>): Promise<ReadCaption> {
  if (!t.exists) return { bytes: null, decoded: null };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readRegularFile(t.captionPath, MAX_CAPTION_BYTES));
  } catch (e) {
    if (e instanceof FileTooLargeError) throw new Error(`is ${(e.size / 1048576).toFixed(1)} MB, too large to be a caption; left alone`);
    throw e;
  }
  return { bytes, decoded: decodeCaption(bytes) };
}

export interface FileChange {
  rel: string;
  path: string;
  image: string;
  before: string | null;
  after: string;
  added: string[];
  removed: string[];
  notes: string[];
}

export interface OperationResult {
  op: string;
  description: string;
  dryRun: boolean;
  root: string;
  /** Files changed (or that would change, with --dry-run). */
  changes: FileChange[];
  errors: FileFailure[];
  unchanged: number;
  /** The journal entry: undo reverts it. */
  journal: { seq: number } | null;
}

export interface RunOptions {
  root: string;
  journal: CaptionJournal;
  ctx: OpContext;
  filter?: TargetFilter;
  dryRun?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, phase: 'read' | 'write') => void;
  /** Reuse a scan the caller already holds. */
  scan?: DatasetScan;
}

const encoder = new TextEncoder();

/**
 * Plan an operation over the dataset (one op for all, or an op per target), then apply it as one
 * journaled, undoable step. Per-file problems are collected; the other files are still processed.
 */
export async function runOperation(op: CaptionOp | ((t: CaptionTarget) => CaptionOp | null), opts: RunOptions, label?: { op: string; description: string }): Promise<OperationResult> {
  // Read, plan and write under the journal lock, so a concurrent operation plans on this one's result.
  return opts.dryRun ? planAndApply(op, opts, label) : opts.journal.lock(() => planAndApply(op, opts, label));
}

async function planAndApply(op: CaptionOp | ((t: CaptionTarget) => CaptionOp | null), opts: RunOptions, label?: { op: string; description: string }): Promise<OperationResult> {
  if (!opts.dryRun) await opts.journal.recover();
  const scan = opts.scan && opts.dryRun ? opts.scan : await scanDataset(opts.root);
  const targets = captionTargets(scan, opts.filter);
  const opName = label?.op ?? (typeof op === 'function' ? 'bulk' : op.kind);
  const description = label?.description ?? (typeof op === 'function' ? 'bulk edit' : describeOp(op));
  const changes: FileChange[] = [];
  const pending: PendingChange[] = [];
  const errors: FileFailure[] = [];
  let unchanged = 0;
  for (const [i, t] of targets.entries()) {
    opts.signal?.throwIfAborted();
    const thisOp = typeof op === 'function' ? op(t) : op;
    if (!thisOp) {
      unchanged++;
      continue;
    }
    try {
      const cur = await readCaption(t);
      const plan = planCaption(thisOp, { decoded: cur.decoded, bytes: cur.bytes, folderKind: t.folderKind }, opts.ctx);
      if (plan.after === null) unchanged++;
      else {
        changes.push({ rel: t.rel, path: t.captionPath, image: t.image.rel, before: cur.decoded?.text ?? null, after: plan.after, added: plan.added, removed: plan.removed, notes: plan.notes });
        pending.push({ path: t.captionPath, rel: t.rel, before: cur.bytes, after: encoder.encode(plan.after) });
      }
    } catch (e) {
      errors.push({ path: t.captionPath, rel: t.rel, message: errorMessage(e) });
    }
    opts.onProgress?.(i + 1, targets.length, 'read');
  }
  const result: OperationResult = { op: opName, description, dryRun: opts.dryRun ?? false, root: opts.root, changes, errors, unchanged, journal: null };
  if (opts.dryRun || pending.length === 0) return result;
  opts.signal?.throwIfAborted();
  const applied = await opts.journal.applyLocked(opName, description, opts.root, pending, (d, n) => opts.onProgress?.(d, n, 'write'));
  const failed = new Set(applied.failures.map((f) => f.path));
  result.changes = changes.filter((c) => !failed.has(c.path));
  result.errors.push(...applied.failures);
  result.journal = applied.entry ? { seq: applied.entry.seq } : null;
  return result;
}

/** Summed tag changes of an operation, for the one-line summary. */
export function summarizeChanges(changes: readonly FileChange[]): { added: Map<string, number>; removed: Map<string, number>; created: number } {
  const added = new Map<string, number>();
  const removed = new Map<string, number>();
  let created = 0;
  for (const c of changes) {
    if (c.before === null) created++;
    for (const t of c.added) added.set(t, (added.get(t) ?? 0) + 1);
    for (const t of c.removed) removed.set(t, (removed.get(t) ?? 0) + 1);
  }
  return { added, removed, created };
}

export type { JournalEntry };
