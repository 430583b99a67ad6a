import type { Finding } from '../finding.js';
import { EXTENSIONS_FOR, type ImageHeader } from '../image-header.js';

/** Guide §1.3/§1.4: 1024×1024 minimum. ai-toolkit never upscales: a smaller image trains in a smaller bucket (§4). */
export const MIN_SIDE = 1024;
/**
 * Below this a side is smaller than the smallest bucket: get_bucket_for_image_size rounds each side up to a
 * multiple of the bucket divisibility (bucket_tolerance, 64 by default; buckets.py:17-48), so a 1-pixel image
 * is blown up 64× into a blur. Not a smaller bucket any more: an image that cannot train.
 */
export const TRAINABLE_MIN_SIDE = 64;
/** Longer side over shorter side beyond which most of the image is cropped away or the bucket is a sliver. */
export const MAX_ASPECT = 2.5;
/** Headers claiming more pixels than this are refused before decoding (decompression bombs). */
export const MAX_PIXELS = 100_000_000;
export const MAX_SIDE = 30_000;

/** Everything the header pass can say about one image. Pure. */
export function headerFindings(rel: string, ext: string, size: number, h: ImageHeader): Finding[] {
  const files = [rel];
  const out: Finding[] = [];
  if (size === 0) {
    return [{ rule: 'image.empty-file', severity: 'error', files, message: 'image file is empty (0 bytes)', fix: 'replace it with the real image or delete it' }];
  }
  if (h.error?.startsWith('cannot')) {
    return [{ rule: 'image.unreadable', severity: 'error', files, message: `image ${h.error}`, fix: 'fix its permissions (the upload and the trainer need to read it)' }];
  }
  if (h.format === 'unknown' || h.error) {
    return [{ rule: 'image.corrupt', severity: 'error', files, message: `not a readable image: ${h.error ?? 'unknown format'}`, fix: 'replace it with a good copy or delete it' }];
  }
  const w = h.width ?? 0;
  const ht = h.height ?? 0;
  if (w * ht > MAX_PIXELS || w > MAX_SIDE || ht > MAX_SIDE) {
    return [
      {
        rule: 'image.oversized',
        severity: 'error',
        files,
        message: `header claims ${w}×${ht} (${Math.round((w * ht) / 1e6)} Mpx): refused without decoding (decompression bomb or absurd size)`,
        fix: 'resize it to about 1024–2048 px on the short side, or delete it',
        data: { width: w, height: ht },
      },
    ];
  }
  if (h.truncated) {
    out.push({ rule: 'image.truncated', severity: 'error', files, message: `image is truncated (no ${h.format === 'png' ? 'IEND chunk' : 'end marker'}): it will fail or train half grey`, fix: 'copy it again from the source or delete it' });
  }
  if (!EXTENSIONS_FOR[h.format].includes(ext.toLowerCase())) {
    const accepted = ['jpeg', 'png', 'webp'].includes(h.format);
    out.push({
      rule: 'image.wrong-extension',
      severity: accepted ? 'warning' : 'error',
      files,
      message: `the file is ${h.format.toUpperCase()} but named ${ext}${accepted ? '' : ': a format ai-toolkit does not list'}`,
      fix: accepted ? `rename it to ${EXTENSIONS_FOR[h.format][0]} (and its caption stays the same stem)` : 'convert it to JPEG or PNG',
      data: { format: h.format, ext },
    });
  }
  // Sizes as the trainer sees them: ai-toolkit applies the EXIF rotation (exif_transpose, §4).
  const rotated = h.orientation !== null && h.orientation >= 5;
  const [dw, dh] = rotated ? [ht, w] : [w, ht];
  const short = Math.min(dw, dh);
  if (short > 0 && short < TRAINABLE_MIN_SIDE) {
    out.push({
      rule: 'image.too-small',
      severity: 'error',
      files,
      message: `${dw}×${dh}: shortest side ${short} px, under ai-toolkit's smallest bucket (${TRAINABLE_MIN_SIDE} px): it is blown up into a blur, not trained`,
      fix: `replace with a version at least ${MIN_SIDE} px on the short side, or delete it`,
      data: { width: dw, height: dh },
    });
  } else if (short > 0 && short < MIN_SIDE) {
    out.push({
      rule: 'image.too-small',
      severity: 'warning',
      files,
      message: `${dw}×${dh}: shortest side ${short} px, under ${MIN_SIDE} (ai-toolkit never upscales: it trains in a smaller bucket)`,
      fix: `replace with a version at least ${MIN_SIDE} px on the short side (upscale carefully or regenerate)`,
      data: { width: dw, height: dh },
    });
  }
  if (short > 0 && Math.max(dw, dh) / short > MAX_ASPECT) {
    out.push({
      rule: 'image.aspect-ratio',
      severity: 'warning',
      files,
      message: `${dw}×${dh}: aspect ratio ${(Math.max(dw, dh) / short).toFixed(1)}:1 is extreme; the bucket will be a narrow strip`,
      fix: 'crop it closer to 1:1, 3:4 or 2:3',
      data: { width: dw, height: dh },
    });
  }
  if (h.orientation !== null && h.orientation > 1) {
    out.push({
      rule: 'image.exif-rotated',
      severity: 'info',
      files,
      message: `EXIF orientation ${h.orientation}: shown rotated; ai-toolkit rotates it, but some tools (taggers, croppers) do not`,
      fix: 'bake the rotation into the pixels (e.g. re-save it upright)',
      data: { orientation: h.orientation },
    });
  }
  if (h.alpha) {
    out.push({ rule: 'image.alpha', severity: 'warning', files, message: 'image has transparency: the trainer flattens it onto black or white', fix: 'flatten it onto the background you want and save as JPEG' });
  }
  if (h.cmyk) {
    out.push({ rule: 'image.cmyk', severity: 'warning', files, message: 'CMYK image: colours shift when the trainer converts it to RGB', fix: 'convert it to sRGB' });
  }
  if (h.bitDepth !== null && h.bitDepth > 8) {
    out.push({ rule: 'image.high-bit-depth', severity: 'info', files, message: `${h.bitDepth}-bit per channel: converted to 8 bits when loaded`, fix: 'save it as 8-bit (smaller upload, same training)' });
  }
  return out;
}

/** Groups of identical files (same content hash). */
export function exactDuplicateFindings(groups: ReadonlyArray<readonly string[]>): Finding[] {
  return groups
    .filter((g) => g.length > 1)
    .map((g) => ({
      rule: 'image.duplicate',
      severity: 'warning' as const,
      files: [...g],
      message: `${g.length} identical files: the image is trained ${g.length}× as often as the others`,
      fix: `keep one and delete ${g.length - 1}`,
    }));
}

/** Laplacian variance below this (on a ≤256 px decode) reads as blurry. */
export const BLUR_THRESHOLD = 35;
/** dHash Hamming distance at or below which two images are near duplicates (out of 64 bits). */
export const NEAR_DUPLICATE_DISTANCE = 6;

export interface DecodedFacts {
  rel: string;
  /** Decode error, if the full decode failed. */
  error: string | null;
  sharpness: number | null;
}

export function decodeFindings(d: DecodedFacts): Finding[] {
  if (d.error) {
    return [{ rule: 'image.corrupt', severity: 'error', files: [d.rel], message: `image does not decode: ${d.error}`, fix: 'replace it with a good copy or delete it' }];
  }
  if (d.sharpness !== null && d.sharpness < BLUR_THRESHOLD) {
    return [
      {
        rule: 'image.blurry',
        severity: 'warning',
        files: [d.rel],
        message: `looks blurry (sharpness ${d.sharpness.toFixed(0)}, under ${BLUR_THRESHOLD}): the LoRA learns the blur`,
        fix: 'replace it with a sharp version or delete it',
        data: { sharpness: Math.round(d.sharpness) },
      },
    ];
  }
  return [];
}

export function hamming(a: readonly [number, number], b: readonly [number, number]): number {
  return popcount((a[0] ^ b[0]) >>> 0) + popcount((a[1] ^ b[1]) >>> 0);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Near duplicates by perceptual hash (guide: "no duplicate poses/angles"). Images already reported
 * as exact duplicates are skipped. Groups are built by linking close pairs (union-find).
 */
export function nearDuplicateFindings(hashes: ReadonlyArray<{ rel: string; hash: readonly [number, number] }>, exact: ReadonlySet<string> = new Set()): Finding[] {
  const items = hashes.filter((h) => !exact.has(h.rel));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const dist = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const a = items[i].hash;
    for (let j = i + 1; j < items.length; j++) {
      const d = hamming(a, items[j].hash);
      if (d <= NEAR_DUPLICATE_DISTANCE) {
        parent[find(j)] = find(i);
        dist.set(`${i}:${j}`, d);
      }
    }
  }
  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  const out: Finding[] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    let min = 64;
    for (const [k, d] of dist) {
      const [i] = k.split(':').map(Number);
      if (g.includes(i)) min = Math.min(min, d);
    }
    out.push({
      rule: 'image.near-duplicate',
      severity: 'warning',
      files: g.map((i) => items[i].rel),
      message: `${g.length} near-identical images (same pose and framing): they over-weight one look`,
      fix: `keep the best one and replace ${g.length - 1} with a different pose or angle`,
      data: { distance: min },
    });
  }
  return out;
}
