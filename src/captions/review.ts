import { scanDataset, type DatasetScan } from '../dataset/scan.js';
import { parseTags } from './caption.js';
import { captionTargets, readCaption, type CaptionTarget, type TargetFilter } from './apply.js';
import { captionProblems, type CaptionProblem } from './status.js';
import type { StepProgress } from '../project/index.js';

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
}

export async function loadCaptionReview(root: string, trigger: string, filter: TargetFilter = {}, scan?: DatasetScan): Promise<CaptionReview> {
  const s = scan ?? (await scanDataset(root));
  const items: ReviewItem[] = [];
  for (const t of captionTargets(s, filter)) items.push(await reviewItem(t, trigger));
  return { root, scan: s, items };
}

export async function reviewItem(t: CaptionTarget, trigger: string): Promise<ReviewItem> {
  try {
    const cur = await readCaption(t);
    const text = cur.decoded?.text ?? null;
    return { target: t, text, tags: text ? parseTags(text) : [], problems: captionProblems(cur.decoded, t.folderKind, trigger) };
  } catch (e) {
    return { target: t, text: null, tags: [], problems: captionProblems(null, t.folderKind, trigger, (e as Error).message) };
  }
}

/** The step's conclusion for project.progress.captions. */
export function captionsProgress(items: readonly ReviewItem[], now = new Date()): StepProgress {
  const errors = items.filter((i) => i.problems.some((p) => p.severity === 'error')).length;
  const warnings = items.filter((i) => i.problems.length > 0).length - errors;
  const summary =
    items.length === 0
      ? 'no images'
      : errors === 0 && warnings === 0
        ? `${items.length} captions ok`
        : `${errors} caption${errors === 1 ? '' : 's'} with errors, ${warnings} with warnings, of ${items.length}`;
  return { status: items.length > 0 && errors === 0 ? 'done' : 'attention', at: now.toISOString(), summary };
}
