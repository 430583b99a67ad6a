import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

/**
 * Walk a dataset folder the way ai-toolkit does (recursive os.walk, hidden entries skipped,
 * reference/ai-toolkit.md §4) and the way the guide lays it out (kohya-style `N_name` folders).
 * No file is opened here: this is the fast layout pass; images and captions are read by the rules.
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

export type OtherKind = 'hidden' | 'unknown' | 'symlink-loop' | 'broken-link' | 'unreadable' | 'special';

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

export async function scanDataset(root: string): Promise<DatasetScan> {
  const images: ImageEntry[] = [];
  const captions: CaptionEntry[] = [];
  const others: OtherEntry[] = [];
  const emptyFolders: string[] = [];
  const folderMap = new Map<string, FolderInfo>();
  const visited = new Set<string>();

  const rootReal = await realpath(root);
  visited.add(rootReal);

  const topFolder = (rel: string): string => (rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '');

  async function walk(dir: string, relDir: string): Promise<boolean> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      others.push({ path: dir, rel: relDir, kind: 'unreadable', message: (e as Error).message });
      return false;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let hasImages = false;
    const stems = new Map<string, ImageEntry>(); // stem → image in this directory
    const txts: Array<{ path: string; rel: string; stem: string; size: number }> = [];
    const subdirs: Array<{ path: string; rel: string }> = [];

    const fileStats = await Promise.all(
      entries.map(async (e) => {
        const path = join(dir, e.name);
        if (e.isSymbolicLink()) {
          try {
            const s = await stat(path);
            return { e, path, s, link: true as const };
          } catch {
            return { e, path, s: null, link: true as const };
          }
        }
        if (e.isFile()) {
          try {
            return { e, path, s: await lstat(path), link: false as const };
          } catch (err) {
            return { e, path, s: null, link: false as const, err: err as Error };
          }
        }
        return { e, path, s: null, link: false as const };
      }),
    );

    for (const f of fileStats) {
      const { e, path } = f;
      const rel = relDir ? `${relDir}/${e.name}` : e.name;
      if (e.name.startsWith('.')) {
        others.push({ path, rel, kind: 'hidden' });
        continue;
      }
      const isDir = f.link ? f.s?.isDirectory() : e.isDirectory();
      const isFile = f.link ? f.s?.isFile() : e.isFile();
      if (f.link && !f.s) {
        others.push({ path, rel, kind: 'broken-link', message: 'symbolic link to nothing' });
        continue;
      }
      if (isDir) {
        if (f.link) {
          const real = await realpath(path).catch(() => null);
          if (!real || visited.has(real) || rootReal.startsWith(real + sep) || real === rootReal) {
            others.push({ path, rel, kind: 'symlink-loop', message: 'symbolic link back into the dataset' });
            continue;
          }
          // A link to a folder that is itself inside the dataset would count its images twice.
          if (real.startsWith(rootReal + sep)) {
            others.push({ path, rel, kind: 'symlink-loop', message: 'symbolic link to a folder inside the dataset' });
            continue;
          }
          visited.add(real);
        }
        subdirs.push({ path, rel });
        continue;
      }
      if (!isFile || !f.s) {
        if ('err' in f && f.err) others.push({ path, rel, kind: 'unreadable', message: f.err.message });
        else others.push({ path, rel, kind: 'special' });
        continue;
      }
      const ext = extname(e.name);
      const stem = e.name.slice(0, e.name.length - ext.length);
      if (isImageFile(e.name)) {
        hasImages = true;
        const entry: ImageEntry = { path, rel, folder: topFolder(rel), stem, ext, size: f.s.size, caption: null };
        // Two images with one stem (a.jpg, a.png) share a caption in ai-toolkit; the first keeps it here.
        if (!stems.has(stem)) stems.set(stem, entry);
        images.push(entry);
      } else if (ext.toLowerCase() === '.txt') {
        txts.push({ path, rel, stem, size: f.s.size });
      } else {
        others.push({ path, rel, kind: 'unknown' });
      }
    }

    for (const t of txts) {
      const image = stems.get(t.stem) ?? null;
      if (image) image.caption = t.path;
      captions.push({ ...t, folder: topFolder(t.rel), image: image?.path ?? null });
    }

    for (const sd of subdirs) {
      const sub = await walk(sd.path, sd.rel);
      if (sub) hasImages = true;
      else emptyFolders.push(sd.rel);
    }
    return hasImages;
  }

  await walk(root, '');

  // Top-level folders (the kohya layout) plus the root when it holds images directly.
  const tops = new Set<string>();
  for (const i of images) tops.add(i.folder);
  for (const c of captions) tops.add(c.folder);
  for (const rel of emptyFolders) if (!rel.includes('/')) tops.add(rel);
  for (const rel of [...tops].sort()) {
    const name = rel === '' ? '.' : rel;
    const parsed = rel === '' ? { repeats: null, label: '.', kind: 'unknown' as FolderKind } : parseFolderName(rel);
    folderMap.set(rel, {
      rel,
      name,
      ...parsed,
      imageCount: images.filter((i) => i.folder === rel).length,
      captionCount: captions.filter((c) => c.folder === rel && c.image).length,
    });
  }

  return {
    root,
    folders: [...folderMap.values()],
    images,
    captions,
    others,
    emptyFolders: emptyFolders.map(toPosix),
  };
}

/** Images per epoch as ai-toolkit counts them: images × num_repeats, summed over folders (§5). */
export function imagesPerEpoch(folders: readonly FolderInfo[], defaultRepeats = 1): number {
  return folders.reduce((n, f) => n + f.imageCount * (f.repeats ?? defaultRepeats), 0);
}

export function relativeTo(root: string, path: string): string {
  return toPosix(relative(root, path));
}
