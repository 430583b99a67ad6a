import { loadSharp } from '../../dataset/sharp.js';
import type { ImageMode } from './detect.js';
import { itermImage } from './iterm.js';
import { kittyImage, kittyPlace } from './kitty.js';
import { sixelEncodeAsync } from './sixel.js';

/**
 * An image file encoded for a native protocol, fitted into a box of cells with its aspect kept.
 * A cell is taken as 10 × 20 pixels (terminals do not say without a query); kitty and iTerm2 scale
 * the file into the cells themselves.
 */
export const CELL_PX = { w: 10, h: 20 } as const;

export interface EncodedImage {
  cols: number;
  rows: number;
  /** The escape that draws it at the cursor (`id` names it for kitty). */
  draw: (id: number) => string;
  /** What draws it again once sent (kitty: a placement without the data). */
  redraw?: (id: number) => string;
  /** Pixel size of the source image. */
  width: number;
  height: number;
}

/** The cells an image of w × h pixels fills inside cols × rows, aspect kept. */
export function fitCells(w: number, h: number, cols: number, rows: number): { cols: number; rows: number; pxW: number; pxH: number } {
  const scale = Math.min((cols * CELL_PX.w) / Math.max(1, w), (rows * CELL_PX.h) / Math.max(1, h));
  const pxW = Math.max(1, Math.round(w * scale));
  const pxH = Math.max(1, Math.round(h * scale));
  return { cols: Math.max(1, Math.min(cols, Math.round(pxW / CELL_PX.w))), rows: Math.max(1, Math.min(rows, Math.round(pxH / CELL_PX.h))), pxW, pxH };
}

const cache = new Map<string, Promise<EncodedImage>>();
const CACHE_MAX = 32;

export function encodeImage(path: string, mode: Exclude<ImageMode, 'blocks'>, cols: number, rows: number, mtimeMs = 0): Promise<EncodedImage> {
  const key = `${mode}\0${path}\0${cols}\0${rows}\0${mtimeMs}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = encode(path, mode, cols, rows);
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  }
  return hit;
}

async function encode(path: string, mode: Exclude<ImageMode, 'blocks'>, cols: number, rows: number): Promise<EncodedImage> {
  const sharp = await loadSharp();
  const img = sharp(path, { failOn: 'error', limitInputPixels: 100_000_000 }).rotate();
  const meta = await img.metadata();
  const upright = (meta.orientation ?? 1) >= 5;
  const w = (upright ? meta.height : meta.width) ?? 1;
  const h = (upright ? meta.width : meta.height) ?? 1;
  const fit = fitCells(w, h, cols, rows);
  if (mode === 'sixel') {
    const { data, info } = await img.resize(fit.pxW, fit.pxH, { fit: 'fill' }).flatten({ background: '#000000' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    // built a few bands at a time: the pane shows its half-block preview and keys are handled meanwhile
    const bytes = await sixelEncodeAsync(data, info.width, info.height);
    return { cols: fit.cols, rows: fit.rows, draw: () => bytes, width: w, height: h };
  }
  if (mode === 'kitty') {
    // kitty takes PNG only: at the pane's pixel size, since it is sent once and then only placed
    const png = await img.resize(fit.pxW, fit.pxH, { fit: 'fill' }).png({ compressionLevel: 6 }).toBuffer();
    return { cols: fit.cols, rows: fit.rows, draw: (id) => kittyImage(id, png, fit.cols, fit.rows), redraw: (id) => kittyPlace(id, fit.cols, fit.rows), width: w, height: h };
  }
  // iTerm2 takes any image file and is sent again after every frame: a JPEG at twice the pane's pixels
  const jpeg = await img.resize(fit.pxW * 2, fit.pxH * 2, { fit: 'fill' }).flatten({ background: '#000000' }).jpeg({ quality: 85 }).toBuffer();
  const bytes = itermImage(jpeg, fit.cols, fit.rows);
  return { cols: fit.cols, rows: fit.rows, draw: () => bytes, width: w, height: h };
}
