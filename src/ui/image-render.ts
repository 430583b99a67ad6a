import { halfBlocks } from './half-blocks.js';
import { loadSharp } from '../dataset/sharp.js';

/**
 * Render an image file as half-block text that fits `columns` × `rows` cells.
 * sharp shrinks on load and resizes to two pixel rows per cell; the pixels are drawn as half blocks.
 * The fallback where the terminal has no image protocol (graphics/ draws the native ones).
 */
export type RenderedImage = { ok: true; text: string; width: number; height: number } | { ok: false; message: string };

const cache = new Map<string, RenderedImage>();
const CACHE_MAX = 64;

export async function renderImage(path: string, columns: number, rows: number, mtimeMs = 0): Promise<RenderedImage> {
  const key = `${path}\0${columns}\0${rows}\0${mtimeMs}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  let result: RenderedImage;
  try {
    if (columns < 2 || rows < 1) throw new Error('no room for a preview');
    const sharp = await loadSharp();
    const img = sharp(path, { failOn: 'error', limitInputPixels: 100_000_000 }).rotate();
    const meta = await img.metadata();
    const { data, info } = await img
      .resize(columns, rows * 2, { fit: 'inside', withoutEnlargement: false })
      .flatten({ background: '#000000' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    result = { ok: true, text: halfBlocks(data, info.width, info.height), width: meta.width ?? 0, height: meta.height ?? 0 };
  } catch (e) {
    result = { ok: false, message: firstLine((e as Error).message) };
  }
  cache.set(key, result);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  return result;
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 200);
}
