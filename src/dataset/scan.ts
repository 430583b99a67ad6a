import { isUtf8 } from 'node:buffer';
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { kindOf } from '../fs/regular.js';

/**
 * Walk a dataset folder the way ai-toolkit does (recursive os.walk, hidden entries skipped,
 * reference/ai-toolkit.md §4) and the way the guide lays it out (kohya-style `N_name` folders).
 * No file is opened here: this is the fast layout pass; images and captions are read by the rules.
 * File-system calls are synchronous on purpose: for tens of thousands of small stat calls they are
 * ~10× faster than the promise API (no thread-pool hop per call). The walk yields to the event loop
 * every few milliseconds so a screen stays responsive.
 */

/** ai-toolkit's image extensions, compared case-insensitively (data_loader.py:39). */
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp'] as const;

export type FolderKind = 'character' | 'realbody' | 'unknown';

export interface FolderInfo {
  /** Path relative to the dataset root, POSIX separators; '' for the root itself. */
  rel: string;
  name: string;
  /** N from a kohya-style `N_name` prefix, null when the folder has none. */
  repeats: number | null;
  /** The name without the repeats prefix. */
  label: string;
  /** From the name: `_realbody` (or `realbody`, `real_body`) → realbody. Captions may refine it later. */
  kind: FolderKind;
  imageCount: number;
  captionCount: number;
}

export interface ImageEntry {
  path: string;
  rel: string;
  /** rel of the top-level folder the image belongs to ('' for images in the root). */
  folder: string;
  stem: string;
  ext: string;
  size: number;
  /** Same-stem .txt caption beside it, if any. */
  caption: string | null;
}

export interface CaptionEntry {
  path: string;
  rel: string;
  folder: string;
  stem: string;
  size: number;
  /** The image it belongs to, null for an orphan. */
  image: string | null;
}

/**
 * `link-outside`: a symbolic link to something outside the dataset (its real path in `message`), never
 * followed or sent; `bad-name`: a name that is not UTF-8 (its bytes in `message`).
 */
export type OtherKind = 'hidden' | 'unknown' | 'symlink-loop' | 'broken-link' | 'unreadable' | 'special' | 'link-outside' | 'bad-name';

export interface OtherEntry {
  path: string;
  rel: string;
  kind: OtherKind;
  message?: string;
}

export interface DatasetScan {
  root: string;
  folders: FolderInfo[];
  images: ImageEntry[];
  captions: CaptionEntry[];
  others: OtherEntry[];
  /** Folders with neither images nor subfolders holding images. */
  emptyFolders: string[];
}

const REPEATS_RE = /^(\d+)_(.+)$/;
/** Longest stretch of synchronous file-system work before yielding to the event loop. */
const YIELD_MS = 8;

export function parseFolderName(name: string): { repeats: number | null; label: string; kind: FolderKind } {
  const m = REPEATS_RE.exec(name);
  const repeats = m ? Number(m[1]) : null;
  const label = m ? m[2] : name;
  const kind: FolderKind = /(^|[_-])real[_-]?body([_-]|$)/i.test(label) ? 'realbody' : 'character';
  return { repeats, label, kind };
}

export function isImageFile(name: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Whether `child` is `parent` or lies below it; `/` is the ancestor of everything (`/` + sep is not). */
export function isWithin(parent: string, child: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(sep) ? parent : parent + sep;
  return child.startsWith(prefix);
}

interface Dir {
  path: string;
  rel: string;
  /** Index of the parent in the walk order, -1 for the root. */
  parent: number;
  hasImages: boolean;
}

export async function scanDataset(root: string): Promise<DatasetScan> {
  const images: ImageEntry[] = [];
  const captions: CaptionEntry[] = [];
  const others: OtherEntry[] = [];
  const rootReal = realpathSync(root);

  const topFolder = (rel: string): string => (rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '');
  let lastYield = Date.now();
  const maybeYield = async () => {
    if (Date.now() - lastYield < YIELD_MS) return;
    await new Promise((r) => setImmediate(r));
    lastYield = Date.now();
  };

  // An explicit stack, not recursion: a tree thousands of folders deep must not exhaust the call stack.
  const dirs: Dir[] = [{ path: root, rel: '', parent: -1, hasImages: false }];
  const stack = [0];
  while (stack.length > 0) {
    const index = stack.pop()!;
    const dir = dirs[index];
    const subdirs = await readDirectory(dir, index);
    // Pushed in reverse so folders are walked in name order, depth first.
    for (let i = subdirs.length - 1; i >= 0; i--) {
      dirs.push(subdirs[i]);
      stack.push(dirs.length - 1);
    }
  }

  // Children come after their parent in `dirs`: walking it backwards settles every child first.
  const empty: boolean[] = new Array<boolean>(dirs.length).fill(false);
  for (let i = dirs.length - 1; i > 0; i--) {
    if (dirs[i].hasImages) dirs[dirs[i].parent].hasImages = true;
    else empty[i] = true;
  }
  const emptyFolders = dirs.filter((_, i) => empty[i]).map((d) => d.rel);

  async function readDirectory(dir: Dir, index: number): Promise<Dir[]> {
    let entries: Dirent<Buffer>[];
    try {
      entries = readdirSync(dir.path, { withFileTypes: true, encoding: 'buffer' });
    } catch (e) {
      others.push({ path: dir.path, rel: dir.rel, kind: 'unreadable', message: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
      return [];
    }
    const named = entries.map((e) => ({ e, name: e.name.toString('utf8'), utf8: isUtf8(e.name) }));
    named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const stems = new Map<string, ImageEntry>(); // stem → image in this directory
    const txts: Array<{ path: string; rel: string; stem: string; size: number }> = [];
    const subdirs: Dir[] = [];

    for (const { e, name, utf8 } of named) {
      await maybeYield();
      const rel = dir.rel ? `${dir.rel}/${name}` : name;
      if (!utf8) {
        // The name as a string is not the name on disk (invalid bytes became U+FFFD): nothing can open it by it.
        others.push({ path: join(dir.path, name), rel, kind: 'bad-name', message: `bytes ${e.name.toString('hex')}` });
        continue;
      }
      const path = join(dir.path, name);
      if (name.startsWith('.')) {
        others.push({ path, rel, kind: 'hidden' });
        continue;
      }
      const entry = classify(path, rel, e);
      if (entry.kind === 'other') {
        others.push(entry.other);
        continue;
      }
      if (entry.kind === 'dir') {
        subdirs.push({ path, rel, parent: index, hasImages: false });
        continue;
      }
      const s = entry.stats;
      const ext = extname(name);
      const stem = name.slice(0, name.length - ext.length);
      if (isImageFile(name)) {
        dir.hasImages = true;
        const img: ImageEntry = { path, rel, folder: topFolder(rel), stem, ext, size: s.size, caption: null };
        // Two images with one stem (a.jpg, a.png) share a caption in ai-toolkit; the first keeps it here.
        if (!stems.has(stem)) stems.set(stem, img);
        images.push(img);
      } else if (ext.toLowerCase() === '.txt') {
        txts.push({ path, rel, stem, size: s.size });
      } else {
        others.push({ path, rel, kind: 'unknown' });
      }
    }

    for (const t of txts) {
      const image = stems.get(t.stem) ?? null;
      if (image) image.caption = t.path;
      captions.push({ ...t, folder: topFolder(t.rel), image: image?.path ?? null });
    }
    return subdirs;
  }

  type Classified = { kind: 'file'; stats: Stats } | { kind: 'dir' } | { kind: 'other'; other: OtherEntry };

  /** What an entry is, following a link only when it stays inside the dataset (never `/`, an ancestor or elsewhere). */
  function classify(path: string, rel: string, e: Dirent<Buffer>): Classified {
    if (e.isSymbolicLink()) {
      const real = realOf(path);
      if (real === null) return { kind: 'other', other: { path, rel, kind: 'broken-link', message: 'symbolic link to nothing' } };
      let s: Stats;
      try {
        s = statSync(path);
      } catch (x) {
        return { kind: 'other', other: { path, rel, kind: 'unreadable', message: (x as NodeJS.ErrnoException).code ?? (x as Error).message } };
      }
      if (s.isDirectory() && isWithin(real, rootReal)) return { kind: 'other', other: { path, rel, kind: 'symlink-loop', message: 'symbolic link to a folder holding the dataset' } };
      if (!isWithin(rootReal, real)) return { kind: 'other', other: { path, rel, kind: 'link-outside', message: real } };
      // A link to a folder inside the dataset would count its images twice.
      if (s.isDirectory()) return { kind: 'other', other: { path, rel, kind: 'symlink-loop', message: 'symbolic link to a folder inside the dataset' } };
      if (s.isFile()) return { kind: 'file', stats: s };
      return { kind: 'other', other: { path, rel, kind: 'special', message: kindOf(s) } };
    }
    if (e.isDirectory()) return { kind: 'dir' };
    if (!e.isFile()) {
      let kind = 'special file';
      try {
        kind = kindOf(lstatSync(path));
      } catch {
        /* gone since readdir: still not a file to read */
      }
      return { kind: 'other', other: { path, rel, kind: 'special', message: kind } };
    }
    try {
      return { kind: 'file', stats: lstatSync(path) };
    } catch (x) {
      return { kind: 'other', other: { path, rel, kind: 'unreadable', message: (x as NodeJS.ErrnoException).code ?? (x as Error).message } };
    }
  }

  // Top-level folders (the kohya layout) plus the root when it holds images directly.
  const imageCount = new Map<string, number>();
  const captionCount = new Map<string, number>();
  for (const i of images) imageCount.set(i.folder, (imageCount.get(i.folder) ?? 0) + 1);
  for (const c of captions) if (c.image) captionCount.set(c.folder, (captionCount.get(c.folder) ?? 0) + 1);
  const tops = new Set<string>();
  for (const i of images) tops.add(i.folder);
  for (const c of captions) tops.add(c.folder);
  for (const rel of emptyFolders) if (!rel.includes('/')) tops.add(rel);
  const folders: FolderInfo[] = [];
  for (const rel of [...tops].sort()) {
    const name = rel === '' ? '.' : rel;
    const parsed = rel === '' ? { repeats: null, label: '.', kind: 'unknown' as FolderKind } : parseFolderName(rel);
    folders.push({ rel, name, ...parsed, imageCount: imageCount.get(rel) ?? 0, captionCount: captionCount.get(rel) ?? 0 });
  }

  return { root, folders, images, captions, others, emptyFolders: emptyFolders.map(toPosix) };
}

function realOf(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/** Images per epoch as ai-toolkit counts them: images × num_repeats, summed over folders (§5). */
export function imagesPerEpoch(folders: readonly FolderInfo[], defaultRepeats = 1): number {
  return folders.reduce((n, f) => n + f.imageCount * (f.repeats ?? defaultRepeats), 0);
}

export function relativeTo(root: string, path: string): string {
  return toPosix(relative(root, path));
}
