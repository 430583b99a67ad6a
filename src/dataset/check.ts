import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { decodeCaption, parseTags, tagKey, hasTag } from './caption.js';
import { bySeverity, type Finding } from './finding.js';
import { analyzeImage } from './image-decode.js';
import { readImageHeaderSync, type ImageHeader } from './image-header.js';
import type { CheckReport, FolderSummary, Verdict } from './report.js';
import { checkCaption, medianOf, REALBODY_TAG } from './rules/captions.js';
import { composition, compositionFindings } from './rules/composition.js';
import { countFindings } from './rules/counts.js';
import { decodeFindings, exactDuplicateFindings, headerFindings, nearDuplicateFindings } from './rules/images.js';
import { layoutFindings } from './rules/layout.js';
import { triggerFindings, type TriggerSource } from './rules/trigger.js';
import { relativeTo, scanDataset, type DatasetScan, type FolderKind, type ImageEntry } from './scan.js';

/** Longest stretch of synchronous reading before yielding to the event loop. */
const YIELD_MS = 8;

export interface CheckProgress {
  phase: 'scan' | 'read' | 'decode' | 'done';
  done: number;
  total: number;
  /** The file being worked on, relative. */
  current?: string;
}

export interface CheckOptions {
  /** The trigger word; when absent it is inferred from the captions. */
  trigger?: string | null;
  /** Where the trigger came from (for the report); 'option' when given without a source. */
  triggerSource?: TriggerSource;
  /** Run decode-based rules (corruption, blur, near duplicates). Default true. */
  decode?: boolean;
  onProgress?: (p: CheckProgress) => void;
  signal?: AbortSignal;
  /** Images decoded at once; default: 2 per core, at least 2. */
  concurrency?: number;
}

/** One caption as read from disk, shared by the caption rules and composition. */
interface CaptionRead {
  bytes: Uint8Array | null;
  error?: string;
  tags: string[];
}

/**
 * Check a dataset folder: the fast layout, header and caption pass, then (optionally) the decode
 * pass. Never throws on bad input: every problem becomes a finding. Throws only when aborted.
 */
export async function checkDataset(root: string, opts: CheckOptions = {}): Promise<CheckReport> {
  const started = Date.now();
  const abs = resolve(root);
  const signal = opts.signal;
  const progress = opts.onProgress ?? (() => {});
  const decode = opts.decode ?? true;

  const rootProblem = await stat(abs).then(
    (s) => (s.isDirectory() ? null : 'is not a folder'),
    (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? 'does not exist' : `cannot be read (${e.code ?? e.message})`),
  );
  if (rootProblem) {
    const f: Finding = { rule: 'layout.no-dataset', severity: 'error', files: [], message: `dataset folder ${root} ${rootProblem}`, fix: 'run the check on the folder holding 40_name/ and 20_name_realbody/' };
    return finish(emptyReport(abs, opts, decode), [f], started);
  }

  progress({ phase: 'scan', done: 0, total: 0 });
  const scan = await scanDataset(abs);
  signal?.throwIfAborted();

  // Captions: read each once (small files); everything below works from these bytes.
  const total = scan.images.length + scan.captions.length;
  let done = 0;
  const tick = (current?: string) => {
    done++;
    if (done % 25 === 0 || done === total) progress({ phase: 'read', done, total, current });
  };
  const captionOf = new Map<string, CaptionRead>();
  const headers = new Map<string, ImageHeader>();
  const captionSize = new Map(scan.captions.map((c) => [c.path, c.size]));
  // Synchronous small reads with regular yields: see scan.ts for why.
  let lastYield = Date.now();
  for (const img of scan.images) {
    if (Date.now() - lastYield > YIELD_MS) {
      await new Promise((r) => setImmediate(r));
      signal?.throwIfAborted();
      lastYield = Date.now();
    }
    if (img.caption) {
      try {
        const bytes = readSmall(img.caption, captionSize.get(img.caption) ?? 0);
        captionOf.set(img.path, { bytes, tags: parseTags(decodeCaption(bytes).text) });
      } catch (e) {
        captionOf.set(img.path, { bytes: null, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message, tags: [] });
      }
      tick(img.rel);
    }
    headers.set(img.path, readImageHeaderSync(img.path, img.size));
    tick(img.rel);
  }
  for (const c of scan.captions) if (!c.image) tick(c.rel);
  signal?.throwIfAborted();

  const folders = summarizeFolders(scan, captionOf);
  const kindOf = new Map(folders.map((f) => [f.rel, f.kind]));

  // Trigger: given, or the first tag most captions start with.
  let trigger = opts.trigger ?? null;
  let triggerSource: TriggerSource = trigger ? (opts.triggerSource ?? 'option') : 'none';
  if (!trigger) {
    trigger = inferTrigger([...captionOf.values()].map((c) => c.tags));
    if (trigger) triggerSource = 'inferred';
  }

  const findings: Finding[] = [];
  findings.push(...layoutFindings(scan, folders));
  findings.push(...countFindings(folders));
  findings.push(...triggerFindings(trigger, triggerSource));

  // Images: headers, then exact duplicates (hashing only files whose sizes collide).
  const decodable: ImageEntry[] = [];
  for (const img of scan.images) {
    const h = headers.get(img.path)!;
    const fs = headerFindings(img.rel, img.ext, img.size, h);
    findings.push(...fs);
    if (!fs.some((f) => f.severity === 'error')) decodable.push(img);
  }
  const dupGroups = await exactDuplicates(decodable, headers, signal);
  findings.push(...exactDuplicateFindings(dupGroups));

  // Captions, with each folder's median tag count for the over-tagging rule.
  const medians = new Map<string, number | null>();
  for (const f of folders) {
    const counts = scan.images.filter((i) => i.folder === f.rel).map((i) => captionOf.get(i.path)?.tags.length ?? 0).filter((n) => n > 0);
    medians.set(f.rel, medianOf(counts));
  }
  for (const img of scan.images) {
    const c = captionOf.get(img.path);
    const kind = kindOf.get(img.folder) ?? 'unknown';
    findings.push(
      ...checkCaption({
        image: img.rel,
        caption: img.caption ? relativeTo(scan.root, img.caption) : null,
        bytes: c?.bytes ?? null,
        readError: c?.error,
        kind,
        trigger,
        medianTags: medians.get(img.folder) ?? null,
      }),
    );
  }

  // Composition from caption tags.
  const tagsOfKind = (k: FolderKind) => scan.images.filter((i) => kindOf.get(i.folder) === k).map((i) => captionOf.get(i.path)?.tags ?? []).filter((t) => t.length > 0);
  const comp = composition(tagsOfKind('character'), tagsOfKind('realbody'));
  findings.push(...compositionFindings(comp, { hasCharacter: folders.some((f) => f.kind === 'character' && f.images > 0), hasRealbody: folders.some((f) => f.kind === 'realbody' && f.images > 0) }));

  if (decode) {
    const exact = new Set(dupGroups.flatMap((g) => g.slice(1)));
    const hashes: Array<{ rel: string; hash: [number, number] }> = [];
    let n = 0;
    progress({ phase: 'decode', done: 0, total: decodable.length });
    await mapLimit(
      decodable,
      opts.concurrency ?? Math.max(2, availableParallelism() * 2),
      async (img) => {
        const a = await analyzeImage(img.path);
        if (a.ok) {
          hashes.push({ rel: img.rel, hash: a.hash });
          findings.push(...decodeFindings({ rel: img.rel, error: null, sharpness: a.sharpness }));
        } else {
          findings.push(...decodeFindings({ rel: img.rel, error: a.error, sharpness: null }));
        }
        n++;
        progress({ phase: 'decode', done: n, total: decodable.length, current: img.rel });
      },
      signal,
    );
    hashes.sort((a, b) => a.rel.localeCompare(b.rel));
    findings.push(...nearDuplicateFindings(hashes, exact));
  }

  const totals = {
    images: scan.images.length,
    captions: scan.captions.filter((c) => c.image).length,
    character: folders.filter((f) => f.kind === 'character').reduce((n, f) => n + f.images, 0),
    realbody: folders.filter((f) => f.kind === 'realbody').reduce((n, f) => n + f.images, 0),
  };
  const report: CheckReport = {
    root: abs,
    trigger,
    triggerSource,
    decoded: decode,
    folders,
    totals,
    imagesPerEpoch: folders.filter((f) => f.rel !== '').reduce((n, f) => n + f.perEpoch, 0),
    composition: comp,
    findings: [],
    counts: { error: 0, warning: 0, info: 0 },
    verdict: { status: 'ready', text: '' },
    durationMs: 0,
  };
  progress({ phase: 'done', done: total, total });
  return finish(report, findings, started);
}

function finish(report: CheckReport, findings: Finding[], started: number): CheckReport {
  const sorted = [...findings].sort(bySeverity);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of sorted) counts[f.severity]++;
  return { ...report, findings: sorted, counts, verdict: verdictOf(counts, report.totals.images), durationMs: Date.now() - started };
}

export function verdictOf(counts: { error: number; warning: number }, images: number): Verdict {
  if (images === 0) return { status: 'blocked', text: 'no dataset to train on' };
  if (counts.error > 0) return { status: 'blocked', text: `not ready: ${plural(counts.error, 'error')} to fix before training${counts.warning ? `, ${plural(counts.warning, 'warning')} to review` : ''}` };
  if (counts.warning > 0) return { status: 'attention', text: `trainable: no errors, ${plural(counts.warning, 'warning')} worth a look` };
  return { status: 'ready', text: 'ready to caption and train' };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function emptyReport(root: string, opts: CheckOptions, decode: boolean): CheckReport {
  return {
    root,
    trigger: opts.trigger ?? null,
    triggerSource: opts.trigger ? (opts.triggerSource ?? 'option') : 'none',
    decoded: decode,
    folders: [],
    totals: { images: 0, captions: 0, character: 0, realbody: 0 },
    imagesPerEpoch: 0,
    composition: composition([], []),
    findings: [],
    counts: { error: 0, warning: 0, info: 0 },
    verdict: { status: 'blocked', text: '' },
    durationMs: 0,
  };
}

/**
 * Folder kinds (guide §1.2): the `_realbody` name decides; otherwise a folder whose captions mostly
 * carry `realistic_body` is the real-body folder.
 */
function summarizeFolders(scan: DatasetScan, captionOf: Map<string, CaptionRead>): FolderSummary[] {
  return scan.folders.map((f) => {
    const imgs = scan.images.filter((i) => i.folder === f.rel);
    let kind: FolderKind = f.rel === '' ? 'unknown' : f.kind;
    let kindSource: FolderSummary['kindSource'] = f.kind === 'realbody' ? 'name' : 'default';
    if (f.rel !== '' && kind !== 'realbody') {
      const tagged = imgs.filter((i) => hasTag(captionOf.get(i.path)?.tags ?? [], REALBODY_TAG)).length;
      if (imgs.length > 0 && tagged * 2 > imgs.length) {
        kind = 'realbody';
        kindSource = 'tags';
      }
    }
    return { rel: f.rel, kind, kindSource, repeats: f.repeats, images: imgs.length, captions: f.captionCount, perEpoch: imgs.length * (f.repeats ?? 1) };
  }).sort((a, b) => Number(b.images > 0) - Number(a.images > 0) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.rel.localeCompare(b.rel));
}

const KIND_ORDER: Record<FolderKind, number> = { character: 0, realbody: 1, unknown: 2 };

/** The tag most captions start with, if at least half of them agree. */
export function inferTrigger(captions: ReadonlyArray<readonly string[]>): string | null {
  const firsts = new Map<string, { tag: string; n: number }>();
  let n = 0;
  for (const tags of captions) {
    if (tags.length === 0) continue;
    n++;
    const k = tagKey(tags[0]);
    const e = firsts.get(k) ?? { tag: tags[0].trim(), n: 0 };
    e.n++;
    firsts.set(k, e);
  }
  const best = [...firsts.values()].sort((a, b) => b.n - a.n)[0];
  if (!best || best.n * 2 < n || /^\[.*\]$/.test(best.tag) || /\s/.test(best.tag)) return null;
  return best.tag.replace(/^\uFEFF/, '');
}

/**
 * Identical files: grouped by size and by first/last bytes (free from the header pass); only files
 * still sharing a group are read whole and hashed.
 */
async function exactDuplicates(images: readonly ImageEntry[], headers: Map<string, ImageHeader>, signal?: AbortSignal): Promise<string[][]> {
  const groups = new Map<string, ImageEntry[]>();
  for (const i of images) {
    if (i.size === 0) continue;
    const key = `${i.size}:${headers.get(i.path)?.signature ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const candidates = [...groups.values()].filter((g) => g.length > 1).flat();
  const byHash = new Map<string, string[]>();
  await mapLimit(
    candidates,
    4,
    async (img) => {
      try {
        const h = createHash('sha1').update(await readFile(img.path)).digest('hex');
        const key = `${img.size}:${h}`;
        byHash.set(key, [...(byHash.get(key) ?? []), img.rel]);
      } catch {
        /* unreadable files are reported by the header pass */
      }
    },
    signal,
  );
  return [...byHash.values()].filter((g) => g.length > 1).map((g) => g.sort());
}

/** Read a small file of known size with one open/read/close (readFileSync adds an fstat). */
function readSmall(path: string, size: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(size);
    let n = 0;
    while (n < size) {
      const r = readSync(fd, buf, n, size - n, n);
      if (r === 0) break;
      n += r;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Run `fn` over `items` with at most `limit` in flight; stops early when aborted. */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  signal?.throwIfAborted();
}

