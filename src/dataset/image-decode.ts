import { MAX_PIXELS } from './rules/images.js';
import { loadSharp } from './sharp.js';

/**
 * The decode pass: one shrink-on-load decode per image (a 1024² JPEG decodes at 1/2 scale straight
 * from the DCT at 1/4 scale), greyscale, at most 256 px. From that single buffer: the sharpness (variance of the
 * Laplacian) and a 64-bit difference hash for near-duplicate detection.
 */
export const ANALYSIS_SIDE = 256;

export type DecodeAnalysis = { ok: true; sharpness: number; hash: [number, number] } | { ok: false; error: string };

// Parallelism comes from decoding several images at once on libuv's pool (see checkDataset's
// concurrency); sharp's settings are made once, in loadSharp.

export async function analyzeImage(path: string): Promise<DecodeAnalysis> {
  try {
    const sharp = await loadSharp();
    const { data, info } = await sharp(path, { failOn: 'warning', limitInputPixels: MAX_PIXELS, sequentialRead: true })
      .greyscale()
      .resize(ANALYSIS_SIDE, ANALYSIS_SIDE, { fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const w = info.width;
    const h = info.height;
    const ch = info.channels;
    const grey = ch === 1 ? data : pick(data, ch);
    return { ok: true, sharpness: laplacianVariance(grey, w, h), hash: dHash(grey, w, h) };
  } catch (e) {
    return { ok: false, error: firstLine((e as Error).message) };
  }
}

function pick(data: Uint8Array, ch: number): Uint8Array {
  const out = new Uint8Array(data.length / ch);
  for (let i = 0, j = 0; j < out.length; i += ch, j++) out[j] = data[i];
  return out;
}

/** Variance of the 4-neighbour Laplacian: low for images without fine edges (blur). */
export function laplacianVariance(g: Uint8Array, w: number, h: number): number {
  if (w < 3 || h < 3) return 0;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    const row = y * w;
    for (let x = 1; x < w - 1; x++) {
      const i = row + x;
      const v = g[i - 1] + g[i + 1] + g[i - w] + g[i + w] - 4 * g[i];
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Difference hash: a 9×8 area-averaged thumbnail, one bit per horizontal neighbour comparison. */
export function dHash(g: Uint8Array, w: number, h: number): [number, number] {
  const cols = 9;
  const rows = 8;
  const cells = new Float64Array(cols * rows);
  for (let cy = 0; cy < rows; cy++) {
    const y0 = Math.floor((cy * h) / rows);
    const y1 = Math.max(y0 + 1, Math.floor(((cy + 1) * h) / rows));
    for (let cx = 0; cx < cols; cx++) {
      const x0 = Math.floor((cx * w) / cols);
      const x1 = Math.max(x0 + 1, Math.floor(((cx + 1) * w) / cols));
      let s = 0;
      for (let y = y0; y < y1 && y < h; y++) for (let x = x0; x < x1 && x < w; x++) s += g[y * w + x];
      cells[cy * cols + cx] = s / ((y1 - y0) * (x1 - x0));
    }
  }
  let hi = 0;
  let lo = 0;
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < 8; cx++) {
      const bit = cells[cy * cols + cx] < cells[cy * cols + cx + 1] ? 1 : 0;
      const k = cy * 8 + cx;
      if (k < 32) hi = (hi << 1) | bit;
      else lo = (lo << 1) | bit;
    }
  }
  return [hi >>> 0, lo >>> 0];
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 160);
}
