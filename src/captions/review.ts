import { scanDataset, type DatasetScan } from '../dataset/scan.js';
import { medianOf } from '../dataset/rules/captions.js';
import { parseTags } from '../dataset/caption.js';
import { captionTargets, readCaption, type CaptionTarget, type TargetFilter } from './apply.js';
import { countBySeverity } from '../dataset/finding.js';
import { captionProblems, worstSeverity, type CaptionProblem } from './status.js';
import type { StepProgress } from '../project/index.js';
import { plural } from '../text/format.js';
import type { TextEncoderWindow } from '../ai-toolkit/text-encoders.js';

/** Every image with its caption and status: what the Captions screen lists and `captions list` prints. */
export interface ReviewItem {
  target: CaptionTarget;
  /** Decoded caption text; null when there is none (or it could not be read). */
  text: string | null;
  tags: string[];
  problems: CaptionProblem[];
}

export interface CaptionReview {
  root: string;
  scan: DatasetScan;
  items: ReviewItem[];
  /** Median tag count per folder (the over-tagging rule compares against it). */
  medians: Map<string, number | null>;
}

interface Loaded {
  target: CaptionTarget;
  bytes: Uint8Array | null;
  text: string | null;
  tags: string[];
  error?: string;
}

async function load(t: CaptionTarget): Promise<Loaded> {
  try {
    const cur = await readCaption(t);
    const text = cur.decoded?.text ?? null;
    return { target: t, bytes: cur.bytes, text, tags: text ? parseTags(text) : [] };
  } catch (e) {
    return { target: t, bytes: null, text: null, tags: [], error: (e as Error).message };
  }
}

function toItem(l: Loaded, trigger: string | null, median: number | null, textEncoder?: TextEncoderWindow): ReviewItem {
  const problems = captionProblems({
    textEncoder,
    image: l.target.image.rel,
    caption: l.target.exists ? l.target.rel : null,
    bytes: l.bytes,
    readError: l.error,
    notRegular: l.target.notRegular,
    kind: l.target.folderKind,
    trigger,
    medianTags: median,
  });
  return { target: l.target, text: l.text, tags: l.tags, problems };
}

/** `textEncoder`: the model's, for caption length (the workspace's); CLIP's when not given. */
export async function loadCaptionReview(root: string, trigger: string | null, filter: TargetFilter = {}, scan?: DatasetScan, textEncoder?: TextEncoderWindow): Promise<CaptionReview> {
  const s = scan ?? (await scanDataset(root));
  const loaded: Loaded[] = [];
  for (const t of captionTargets(s, filter)) loaded.push(await load(t));
  const medians = new Map<string, number | null>();
  for (const f of new Set(loaded.map((l) => l.target.image.folder))) {
    medians.set(f, medianOf(loaded.filter((l) => l.target.image.folder === f && l.text !== null).map((l) => l.tags.length)));
  }
  return { root, scan: s, items: loaded.map((l) => toItem(l, trigger, medians.get(l.target.image.folder) ?? null, textEncoder)), medians };
}

/** Re-read one image's caption (after an edit). */
function worstProblem(problems: readonly CaptionProblem[]): CaptionProblem['severity'] {
  const s = worstSeverity(problems);
  return s === 'ok' ? 'info' : s;
}

/** The step's conclusion for project.progress.captions. */
export function captionsProgress(items: readonly ReviewItem[], now = new Date()): StepProgress {
  // Images by their worst problem; notes count with warnings here (both leave the step trainable).
  const worst = countBySeverity(items.flatMap((i) => (i.problems.length ? [{ severity: worstProblem(i.problems) }] : [])));
  const errors = worst.error;
  const warnings = worst.warning + worst.info;
  const summary =
    items.length === 0
      ? 'no images'
      : errors === 0 && warnings === 0
        ? `${items.length} captions ok`
        : `${plural(errors, 'caption')} with errors, ${warnings} with warnings, of ${items.length}`;
  return { status: items.length > 0 && errors === 0 ? 'done' : 'attention', at: now.toISOString(), summary };
}
