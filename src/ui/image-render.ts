import sharp from 'sharp';
import terminalImage from 'terminal-image';

/**
 * Render an image file as half-block text that fits `columns` × `rows` cells.
 * sharp shrinks on load first (a 1024² JPEG decodes at 1/8 scale), so terminal-image's pure-JS
 * resize only touches a few thousand pixels. Native protocols are off: inside Ink they would
 * draw outside the frame (reference/ink.md §4.1).
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
    const img = sharp(path, { failOn: 'error', limitInputPixels: 100_000_000 }).rotate();
    const meta = await img.metadata();
    const png = await img
      .resize(columns, rows * 2, { fit: 'inside', withoutEnlargement: false })
      .flatten({ background: '#000000' })
      .png({ compressionLevel: 0 })
      .toBuffer();
    const text = await terminalImage.buffer(png, { width: columns, height: rows, preferNativeRender: false });
    result = { ok: true, text: text.replace(/\n+$/, ''), width: meta.width ?? 0, height: meta.height ?? 0 };
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
