/**
 * A small sixel encoder: RGB pixels → DCS q … ST. Colours are mapped onto a 6×7×6 cube (252
 * entries, only the used ones sent as `#n;2;r;g;b` in percent), then drawn in bands of six pixel
 * rows: per colour present in a band, one line of sixel characters (63 + the six bits, runs as
 * `!count`), `$` back to the band's start between colours, `-` down to the next band.
 */
const LEVELS = [6, 7, 6] as const;

function paletteIndex(r: number, g: number, b: number): number {
  const q = (v: number, n: number) => Math.min(n - 1, Math.round((v / 255) * (n - 1)));
  return (q(r, LEVELS[0]) * LEVELS[1] + q(g, LEVELS[1])) * LEVELS[2] + q(b, LEVELS[2]);
}

function paletteRgb(i: number): [number, number, number] {
  const b = i % LEVELS[2];
  const g = Math.floor(i / LEVELS[2]) % LEVELS[1];
  const r = Math.floor(i / (LEVELS[1] * LEVELS[2]));
  const pct = (v: number, n: number) => Math.round((v / (n - 1)) * 100);
  return [pct(r, LEVELS[0]), pct(g, LEVELS[1]), pct(b, LEVELS[2])];
}

/** Sixel characters from..to (inclusive) as runs; the columns before `from` are blank. */
function runs(chars: Uint8Array, from: number, to: number): string {
  let out = from > 3 ? `!${from}?` : '?'.repeat(from);
  for (let i = from; i <= to; ) {
    let j = i;
    while (j <= to && chars[j] === chars[i]) j++;
    const ch = String.fromCharCode(chars[i]);
    const n = j - i;
    out += n > 3 ? `!${n}${ch}` : ch.repeat(n);
    i = j;
  }
  return out;
}

export function sixelEncode(rgb: Uint8Array, width: number, height: number): string {
  const idx = new Uint16Array(width * height);
  const used = new Set<number>();
  for (let p = 0; p < width * height; p++) {
    const i = paletteIndex(rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2]);
    idx[p] = i;
    used.add(i);
  }
  const colours = [...used].sort((a, b) => a - b);
  let out = `\u001bPq"1;1;${width};${height}`;
  for (const c of colours) out += `#${c};2;${paletteRgb(c).join(';')}`;
  for (let top = 0; top < height; top += 6) {
    // per colour in this band: its sixel characters and the columns it spans (a colour rarely spans all)
    const present = new Map<number, { line: Uint8Array; from: number; to: number }>();
    for (let y = top; y < Math.min(height, top + 6); y++) {
      for (let x = 0; x < width; x++) {
        const c = idx[y * width + x];
        let e = present.get(c);
        if (!e) present.set(c, (e = { line: new Uint8Array(width).fill(63), from: x, to: x }));
        e.line[x] += 1 << (y - top);
        if (x < e.from) e.from = x;
        if (x > e.to) e.to = x;
      }
    }
    const bands = [...present].sort((a, b) => a[0] - b[0]).map(([c, e]) => `#${c}${runs(e.line, e.from, e.to)}`);
    out += bands.join('$') + (top + 6 < height ? '-' : '');
  }
  return out + '\u001b\\';
}
