import { dirname } from 'node:path';
import { hubFile, type HubFile, type HubProgress } from '../../hub/download.js';
import type { HubEnv } from '../../hub/cache-layout.js';
import { isRepoId } from '../../hub/cache-layout.js';

/** SmilingWolf's WD14 v3 taggers by their short names; the first is the default. */
export const WD14_MODELS = [
  'wd-eva02-large-tagger-v3',
  'wd-vit-tagger-v3',
  'wd-swinv2-tagger-v3',
  'wd-convnext-tagger-v3',
  'wd-vit-large-tagger-v3',
] as const;
export const DEFAULT_WD14_MODEL = WD14_MODELS[0];
const OWNER = 'SmilingWolf';

/** The two files a tagger folder holds (what Wd14Tagger.load reads). */
export const TAGGER_FILES = ['selected_tags.csv', 'model.onnx'] as const;

/** A short name, `SmilingWolf/<name>` or any `org/name` → the Hub repo; null for what is not a model name. */
export function taggerRepo(name: string): string | null {
  if ((WD14_MODELS as readonly string[]).includes(name)) return `${OWNER}/${name}`;
  return isRepoId(name) ? name : null;
}

export interface TaggerDownload {
  repo: string;
  /** The snapshot folder with both files. */
  dir: string;
  commit: string;
  /** Every file came from the cache: no network used. */
  fromCache: boolean;
  files: HubFile[];
}

/** Both tagger files from the Hub into its cache (resumed, shared with Python tools); the folder to load. */
export async function downloadTagger(repo: string, env: HubEnv, opts: { onProgress?: (p: HubProgress) => void; signal?: AbortSignal } = {}): Promise<TaggerDownload> {
  const files: HubFile[] = [];
  for (const file of TAGGER_FILES) files.push(await hubFile({ repo, file, env, onProgress: opts.onProgress, signal: opts.signal }));
  // a revision moved between the two requests would leave them in different snapshots: take the last one's
  const last = files[files.length - 1];
  if (files.some((f) => f.commit !== last.commit)) {
    files[0] = await hubFile({ repo, file: TAGGER_FILES[0], revision: last.commit, env, signal: opts.signal });
  }
  return { repo, dir: dirname(last.path), commit: last.commit, fromCache: files.every((f) => f.fromCache), files };
}

export interface TaggerChoice {
  /** The folder to load. */
  dir: string;
  /** Set when the model came from the Hub (downloaded now or from its cache). */
  hub?: TaggerDownload;
}

/**
 * Which tagger `captions tag` runs: a folder given with --model, else a model name given with --model
 * (downloaded), else the folder remembered in lorapilot.yaml, else the default WD14 model from the Hub.
 */
export async function chooseTagger(o: {
  given?: string;
  resolvePath: (p: string) => string;
  isDir: (p: string) => Promise<boolean>;
  remembered?: string;
  env: HubEnv;
  onProgress?: (p: HubProgress) => void;
  signal?: AbortSignal;
}): Promise<TaggerChoice> {
  if (o.given) {
    const path = o.resolvePath(o.given);
    const repo = taggerRepo(o.given);
    if (!repo || (await o.isDir(path))) return { dir: path };
    const hub = await downloadTagger(repo, o.env, o);
    return { dir: hub.dir, hub };
  }
  if (o.remembered) return { dir: o.remembered };
  const hub = await downloadTagger(`${OWNER}/${DEFAULT_WD14_MODEL}`, o.env, o);
  return { dir: hub.dir, hub };
}

/** One line on where the model came from. */
export function taggerSourceLine(hub: TaggerDownload): string {
  return hub.fromCache
    ? `tagger: ${hub.repo} from the Hugging Face cache (${hub.dir})`
    : `tagger: ${hub.repo} downloaded into the Hugging Face cache (${hub.dir})`;
}

/** "model.onnx 120.5 MB / 1.2 GB (resumed at 40.0 MB)" for a progress line. */
export function downloadProgressText(p: HubProgress): string {
  const mb = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`);
  return `${p.repo} ${p.file} ${mb(p.done)}${p.total !== null ? ` / ${mb(p.total)}` : ''}${p.resumedFrom > 0 ? ` (resumed at ${mb(p.resumedFrom)})` : ''}`;
}
