import { compareText } from '../text/compare.js';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { TextEncoderWindow } from '../ai-toolkit/text-encoders.js';
import { decodeCaption, parseTags } from './caption.js';
import { exactDuplicates, mapLimit, readSmall } from './check-files.js';
import { facePass, type FacePassOptions } from './face-pass.js';
import type { Finding } from './finding.js';
import { inferTrigger, summarizeFolders, type CaptionRead } from './folders.js';
import { analyzeImage } from './image-decode.js';
import { readImageHeaderSync, type ImageHeader } from './image-header.js';
import type { CheckReport, FolderSummary } from './report.js';
import { checkCaption, medianOf } from './rules/captions.js';
import { characterShot, composition, compositionFindings } from './rules/composition.js';
import { shotByFace } from './rules/faces.js';
import { countFindings } from './rules/counts.js';
import { decodeFindings, exactDuplicateFindings, headerFindings, nearDuplicateFindings } from './rules/images.js';
import { datasetGate } from './gate.js';
import { layoutFindings } from './rules/layout.js';
import { triggerFindings, type TriggerSource } from './rules/trigger.js';
import { relativeTo, scanDataset, type DatasetScan, type FolderKind, type ImageEntry } from './scan.js';
import { emptyReport, finish } from './verdict.js';

export { inferTrigger } from './folders.js';
export { mapLimit } from './check-files.js';
export { verdictOf } from './verdict.js';

/** Longest stretch of synchronous reading before yielding to the event loop. */
const YIELD_MS = 8;

export interface CheckProgress {
  phase: 'scan' | 'read' | 'decode' | 'faces' | 'done';
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
  /** The model's text encoder, for caption length; CLIP's when not given. */
  textEncoder?: TextEncoderWindow;
  /** Score faces (one per character image, the same person, none in real-body images); decode pass only. */
  faces?: FacePassOptions;
  /** Images decoded at once; default: 2 per core, at least 2. */
  concurrency?: number;
}

/** What the fast pass read: every caption once, every image header once. */
interface FastRead {
  captionOf: Map<string, CaptionRead>;
  headers: Map<string, ImageHeader>;
  total: number;
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
    const trigger = opts.trigger ?? null;
    return finish(emptyReport(abs, trigger, trigger ? (opts.triggerSource ?? 'option') : 'none', decode), [f], started);
  }

  progress({ phase: 'scan', done: 0, total: 0 });
  const scan = await scanDataset(abs);
  signal?.throwIfAborted();
  const read = await readCaptionsAndHeaders(scan, progress, signal);
  const folders = summarizeFolders(scan, read.captionOf);
  const kindOf = new Map(folders.map((f) => [f.rel, f.kind]));

  // Trigger: given, or the first tag most captions start with.
  let trigger = opts.trigger ?? null;
  let triggerSource: TriggerSource = trigger ? (opts.triggerSource ?? 'option') : 'none';
  if (!trigger) {
    trigger = inferTrigger([...read.captionOf.values()].map((c) => c.tags));
    if (trigger) triggerSource = 'inferred';
  }

  const findings: Finding[] = [...datasetGate(scan), ...layoutFindings(scan, folders), ...countFindings(folders), ...triggerFindings(trigger, triggerSource)];

  // Images: headers, then exact duplicates (hashing only files whose sizes collide).
  const decodable: ImageEntry[] = [];
  for (const img of scan.images) {
    const fs = headerFindings(img.rel, img.ext, img.size, read.headers.get(img.path)!);
    append(findings, fs);
    if (!fs.some((f) => f.severity === 'error')) decodable.push(img);
  }
  const dupGroups = await exactDuplicates(decodable, read.headers, signal);
  append(findings, exactDuplicateFindings(dupGroups));
  append(findings, captionFindings(scan, read.captionOf, kindOf, trigger, opts.textEncoder));

  if (decode) append(findings, await decodePass(decodable, new Set(dupGroups.flatMap((g) => g.slice(1))), opts, progress));
  let faceShare = new Map<string, number>();
  if (decode && opts.faces) {
    const images = decodable.map((i) => ({ path: i.path, rel: i.rel, kind: kindOf.get(i.folder) ?? 'unknown', closeup: characterShot(read.captionOf.get(i.path)?.tags ?? []) === 'closeup' }));
    const scored = await facePass(images, opts.faces, { signal, onProgress: (done, total, current) => progress({ phase: 'faces', done, total, current }) });
    append(findings, scored.findings);
    faceShare = scored.faceShare;
  }

  // Composition from caption tags; a character image's scored face size decides its shot when there is one.
  const tagsOfKind = (k: FolderKind) => scan.images.filter((i) => kindOf.get(i.folder) === k).map((i) => read.captionOf.get(i.path)?.tags ?? []).filter((t) => t.length > 0);
  const characterShots = scan.images
    .filter((i) => kindOf.get(i.folder) === 'character')
    .map((i) => ({ tags: read.captionOf.get(i.path)?.tags ?? [], share: faceShare.get(i.rel) }))
    .filter((c) => c.tags.length > 0 || c.share !== undefined)
    .map((c) => shotByFace(c.share, characterShot(c.tags)));
  const comp = composition([], tagsOfKind('realbody'), characterShots);
  append(findings, compositionFindings(comp, { hasCharacter: folders.some((f) => f.kind === 'character' && f.images > 0), hasRealbody: folders.some((f) => f.kind === 'realbody' && f.images > 0) }));

  const report: CheckReport = {
    root: abs,
    trigger,
    triggerSource,
    decoded: decode,
    folders,
    totals: totalsOf(scan, folders),
    imagesPerEpoch: folders.filter((f) => f.rel !== '').reduce((n, f) => n + f.perEpoch, 0),
    composition: comp,
    findings: [],
    counts: { error: 0, warning: 0, info: 0 },
    verdict: { status: 'ready', text: '' },
    durationMs: 0,
  };
  progress({ phase: 'done', done: read.total, total: read.total });
  return finish(report, findings, started);
}

/** Captions and image headers, each read once; synchronous small reads with regular yields (see scan.ts for why). */
async function readCaptionsAndHeaders(scan: DatasetScan, progress: (p: CheckProgress) => void, signal?: AbortSignal): Promise<FastRead> {
  const total = scan.images.length + scan.captions.length;
  let done = 0;
  const tick = (current?: string) => {
    done++;
    if (done % 25 === 0 || done === total) progress({ phase: 'read', done, total, current });
  };
  const captionOf = new Map<string, CaptionRead>();
  const headers = new Map<string, ImageHeader>();
  const captionSize = new Map(scan.captions.map((c) => [c.path, c.size]));
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
  return { captionOf, headers, total };
}

/** The caption rules per image, with each folder's median tag count for the over-tagging rule. */
function captionFindings(scan: DatasetScan, captionOf: Map<string, CaptionRead>, kindOf: Map<string, FolderKind>, trigger: string | null, textEncoder?: TextEncoderWindow): Finding[] {
  const medians = new Map<string, number | null>();
  for (const rel of kindOf.keys()) {
    const counts = scan.images.filter((i) => i.folder === rel).map((i) => captionOf.get(i.path)?.tags.length ?? 0).filter((n) => n > 0);
    medians.set(rel, medianOf(counts));
  }
  const findings: Finding[] = [];
  for (const img of scan.images) {
    const c = captionOf.get(img.path);
    append(
      findings,
      checkCaption({
        image: img.rel,
        caption: img.caption ? relativeTo(scan.root, img.caption) : null,
        bytes: c?.bytes ?? null,
        readError: c?.error,
        kind: kindOf.get(img.folder) ?? 'unknown',
        trigger,
        medianTags: medians.get(img.folder) ?? null,
        textEncoder,
      }),
    );
  }
  return findings;
}

/** Decode every readable image: corruption, blur, and near duplicates (exact ones already reported). */
async function decodePass(decodable: readonly ImageEntry[], exact: Set<string>, opts: CheckOptions, progress: (p: CheckProgress) => void): Promise<Finding[]> {
  const findings: Finding[] = [];
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
        append(findings, decodeFindings({ rel: img.rel, error: null, sharpness: a.sharpness }));
      } else {
        append(findings, decodeFindings({ rel: img.rel, error: a.error, sharpness: null }));
      }
      n++;
      progress({ phase: 'decode', done: n, total: decodable.length, current: img.rel });
    },
    opts.signal,
  );
  hashes.sort((a, b) => compareText(a.rel, b.rel));
  append(findings, nearDuplicateFindings(hashes, exact));
  return findings;
}

/** push(...items) passes every item as an argument: past ~100,000 the call stack overflows. */
function append<T>(to: T[], items: readonly T[]): void {
  for (const i of items) to.push(i);
}

function totalsOf(scan: DatasetScan, folders: readonly FolderSummary[]): CheckReport['totals'] {
  return {
    images: scan.images.length,
    captions: scan.captions.filter((c) => c.image).length,
    character: folders.filter((f) => f.kind === 'character').reduce((n, f) => n + f.images, 0),
    realbody: folders.filter((f) => f.kind === 'realbody').reduce((n, f) => n + f.images, 0),
  };
}
