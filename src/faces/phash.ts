import { HASH_SIDE } from './decode.js';

/**
 * Perceptual hash (pHash) of a HASH_SIDE² greyscale thumbnail: the signs of the 8×8 lowest DCT frequencies
 * against their median, as 16 hex digits. Survives JPEG re-encoding and small brightness changes; a
 * different picture of the same person lands far away. Pure.
 */
const LOW = 8;

const COS: Float64Array = (() => {
  const t = new Float64Array(LOW * HASH_SIDE);
  for (let u = 0; u < LOW; u++) for (let x = 0; x < HASH_SIDE; x++) t[u * HASH_SIDE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * HASH_SIDE));
  return t;
})();

export function perceptualHash(grey: Uint8Array): string {
  const n = HASH_SIDE;
  if (grey.length < n * n) throw new Error(`perceptualHash needs ${n}x${n} pixels, got ${grey.length}`);
  // Rows first (n × LOW), then columns (LOW × LOW).
  const rows = new Float64Array(n * LOW);
  for (let y = 0; y < n; y++) for (let u = 0; u < LOW; u++) {
    let s = 0;
    for (let x = 0; x < n; x++) s += grey[y * n + x] * COS[u * n + x];
    rows[y * LOW + u] = s;
  }
  const coeffs: number[] = [];
  for (let v = 0; v < LOW; v++) for (let u = 0; u < LOW; u++) {
    let s = 0;
    for (let y = 0; y < n; y++) s += rows[y * LOW + u] * COS[v * n + y];
    coeffs.push(s);
  }
  // The DC term says only how bright the picture is; it takes no part in the median.
  const ac = coeffs.slice(1);
  const median = [...ac].sort((a, b) => a - b)[Math.floor(ac.length / 2)];
  let hex = '';
  for (let i = 0; i < 64; i += 4) {
    let nibble = 0;
    for (let b = 0; b < 4; b++) nibble = (nibble << 1) | (coeffs[i + b] > median ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

/** Differing bits between two hashes (0..64). */
export function hammingDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    let x = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d + 4 * Math.abs(a.length - b.length);
}
