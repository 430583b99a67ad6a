/**
 * A small sixel encoder: indexed pixels + a palette of up to 256 colours → DCS q … ST. The palette
 * is sent as `#n;2;r;g;b` in percent, then the image is drawn in bands of six pixel rows: per
 * colour present in a band, one line of sixel characters (63 + the six bits, runs as `!count`), `$`
 * back to the band's start between colours, `-` down to the next band.
 */
export type Rgb = readonly [number, number, number];

const LEVELS = [6, 7, 6] as const;

/** Per channel, a byte's contribution to its 6×7×6 cube index (looked up: a full screen is ~800k pixels). */
const CUBE_LUT = ((): Uint8Array[] => {
  const q = (v: number, n: number) => Math.min(n - 1, Math.round((v / 255) * (n - 1)));
  const lut = (mul: number, n: number) => Uint8Array.from({ length: 256 }, (_, v) => q(v, n) * mul);
  return [lut(LEVELS[1] * LEVELS[2], LEVELS[0]), lut(LEVELS[2], LEVELS[1]), lut(1, LEVELS[2])];
})();

function cubeRgb(i: number): Rgb {
  const b = i % LEVELS[2];
  const g = Math.floor(i / LEVELS[2]) % LEVELS[1];
  const r = Math.floor(i / (LEVELS[1] * LEVELS[2]));
  const v = (x: number, n: number) => Math.round((x / (n - 1)) * 255);
  return [v(r, LEVELS[0]), v(g, LEVELS[1]), v(b, LEVELS[2])];
}

/**
 * RGB pixels as palette indices: the exact colours when there are at most 256 (flat art, tests),
 * else the colour cube. The cube, undithered, keeps runs long: a full-screen photo is ~40 KB per
 * draw, where libimagequant's 256-colour palette (sharp's palette PNG) made ~270 KB and took
 * ~0.5 s, and a sixel is written again after every frame.
 */
export function indexPixels(rgb: Uint8Array, width: number, height: number): { idx: Uint8Array; palette: Rgb[] } {
  const n = width * height;
  const idx = new Uint8Array(n);
  const seen = new Map<number, number>();
  const palette: Rgb[] = [];
  let p = 0;
  for (; p < n; p++) {
    const key = (rgb[p * 3] << 16) | (rgb[p * 3 + 1] << 8) | rgb[p * 3 + 2];
    let i = seen.get(key);
    if (i === undefined) {
      if (palette.length === 256) break;
      i = palette.length;
      seen.set(key, i);
      palette.push([rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2]]);
    }
    idx[p] = i;
  }
  if (p === n) return { idx, palette };
  const cube = Array.from({ length: LEVELS[0] * LEVELS[1] * LEVELS[2] }, (_, i) => cubeRgb(i));
  const [lr, lg, lb] = CUBE_LUT;
  for (p = 0; p < n; p++) idx[p] = lr[rgb[p * 3]] + lg[rgb[p * 3 + 1]] + lb[rgb[p * 3 + 2]];
  return { idx, palette: cube };
}

const pct = (v: number) => Math.round((v / 255) * 100);

/** The escape in pieces: the header with the palette, then one piece per band. */
export function* sixelPieces(idx: Uint8Array, palette: readonly Rgb[], width: number, height: number): Generator<string> {
  const k = palette.length;
  const used = new Uint8Array(k);
  for (let p = 0; p < width * height; p++) used[idx[p]] = 1;
  let head = `\u001bPq"1;1;${width};${height}`;
  for (let c = 0; c < k; c++) if (used[c]) head += `#${c};2;${pct(palette[c][0])};${pct(palette[c][1])};${pct(palette[c][2])}`;
  yield head;
  // per colour in a band: its six bits per column and the columns it spans (a colour rarely spans all)
  const bits = new Uint8Array(k * width);
  const from = new Int32Array(k);
  const to = new Int32Array(k);
  for (let top = 0; top < height; top += 6) {
    bits.fill(0);
    from.fill(width);
    to.fill(-1);
    const bottom = Math.min(height, top + 6);
    for (let y = top; y < bottom; y++) {
      const bit = 1 << (y - top);
      const row = y * width;
      for (let x = 0; x < width; x++) {
        const c = idx[row + x];
        bits[c * width + x] |= bit;
        if (x < from[c]) from[c] = x;
        if (x > to[c]) to[c] = x;
      }
    }
    const lines: string[] = [];
    for (let c = 0; c < k; c++) if (to[c] >= 0) lines.push(`#${c}${runs(bits, c * width, from[c], to[c])}`);
    yield lines.join('$') + (bottom < height ? '-' : '');
  }
  yield '\u001b\\';
}

/** Sixel characters from..to (inclusive) of the line at `base`, as runs; the columns before `from` are blank. */
function runs(bits: Uint8Array, base: number, from: number, to: number): string {
  let out = from > 3 ? `!${from}?` : '?'.repeat(from);
  for (let i = from; i <= to; ) {
    const v = bits[base + i];
    let j = i + 1;
    while (j <= to && bits[base + j] === v) j++;
    const ch = String.fromCharCode(63 + v);
    const n = j - i;
    out += n > 3 ? `!${n}${ch}` : n === 1 ? ch : ch.repeat(n);
    i = j;
  }
  return out;
}

export function sixelEncode(rgb: Uint8Array, width: number, height: number): string {
  const { idx, palette } = indexPixels(rgb, width, height);
  return [...sixelPieces(idx, palette, width, height)].join('');
}

/**
 * The same escape built a few bands at a time, giving the event loop back between them, so keys
 * are still handled while a full-screen image encodes.
 */
export async function sixelEncodeAsync(rgb: Uint8Array, width: number, height: number, budgetMs = 8): Promise<string> {
  const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));
  const { idx, palette } = indexPixels(rgb, width, height);
  await yieldNow();
  const out: string[] = [];
  let t = performance.now();
  for (const piece of sixelPieces(idx, palette, width, height)) {
    out.push(piece);
    if (performance.now() - t > budgetMs) {
      await yieldNow();
      t = performance.now();
    }
  }
  return out.join('');
}
