import { describe, expect, it } from 'vitest';
import { itermImage } from '../../../../src/ui/graphics/iterm.js';
import { KITTY_CHUNK, kittyDelete, kittyImage, kittyPlace } from '../../../../src/ui/graphics/kitty.js';
import { sixelEncode } from '../../../../src/ui/graphics/sixel.js';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) % 256);

describe('kitty graphics protocol', () => {
  it('sends the base64 PNG in 4096-byte chunks: m=1 on all but the last, keys only on the first', () => {
    const png = bytes(10_000);
    const esc = kittyImage(42, png, 20, 10);
    const chunks = [...esc.matchAll(/\u001b_G([^;]*);([^\u001b]*)\u001b\\/g)];
    const b64 = Buffer.from(png).toString('base64');
    expect(chunks).toHaveLength(Math.ceil(b64.length / KITTY_CHUNK));
    expect(chunks[0][1]).toBe('a=T,f=100,i=42,p=1,c=20,r=10,C=1,q=2,m=1');
    expect(chunks.slice(1, -1).every((c) => c[1] === 'm=1')).toBe(true);
    expect(chunks.at(-1)![1]).toBe('m=0');
    for (const c of chunks.slice(0, -1)) expect(c[2]).toHaveLength(KITTY_CHUNK);
    expect(Buffer.from(chunks.map((c) => c[2]).join(''), 'base64').equals(Buffer.from(png))).toBe(true);
  });

  it('sends a small image in one chunk with m=0, places and deletes by id', () => {
    expect(kittyImage(7, bytes(30), 4, 2)).toMatch(/^\u001b_Ga=T,f=100,i=7,p=1,c=4,r=2,C=1,q=2,m=0;[A-Za-z0-9+/=]+\u001b\\$/);
    expect(kittyPlace(7, 4, 2)).toBe('\u001b_Ga=p,i=7,p=1,c=4,r=2,C=1,q=2\u001b\\');
    expect(kittyDelete(7)).toBe('\u001b_Ga=d,d=I,i=7,q=2\u001b\\');
  });
});

describe('iTerm2 inline images', () => {
  it('writes the 1337;File= header with the byte size and cell box, then the base64 file', () => {
    const png = bytes(1234);
    const esc = itermImage(png, 30, 12);
    const m = /^\u001b\]1337;File=([^:]*):([A-Za-z0-9+/=]+)\u0007$/.exec(esc);
    expect(m).not.toBeNull();
    expect(m![1].split(';')).toEqual(['inline=1', 'size=1234', 'width=30', 'height=12', 'preserveAspectRatio=1', 'doNotMoveCursor=1']);
    expect(Buffer.from(m![2], 'base64').equals(Buffer.from(png))).toBe(true);
  });
});

describe('sixel encoder', () => {
  it('writes the raster size, a palette of the used colours and one band per six rows', () => {
    // 3 × 8 pixels: red on top, blue from row 4 (two bands: rows 0–5 and 6–7)
    const w = 3;
    const h = 8;
    const rgb = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgb.set(y < 4 ? [255, 0, 0] : [0, 0, 255], (y * w + x) * 3);
    const s = sixelEncode(rgb, w, h);
    expect(s.startsWith('\u001bPq"1;1;3;8')).toBe(true);
    expect(s.endsWith('\u001b\\')).toBe(true);
    const palette = [...s.matchAll(/#(\d+);2;(\d+);(\d+);(\d+)/g)].map((m) => m.slice(1).map(Number));
    expect(palette).toHaveLength(2);
    const red = palette.find((p) => p[1] === 100 && p[2] === 0 && p[3] === 0)!;
    const blue = palette.find((p) => p[1] === 0 && p[2] === 0 && p[3] === 100)!;
    const body = s.replace(/^\u001bPq"[\d;]+/, '').replace(/#\d+;2;\d+;\d+;\d+/g, '').replace(/\u001b\\$/, '');
    const bands = body.split('-');
    expect(bands).toHaveLength(2);
    // band 1: red in rows 0–3 (bits 0b001111 → 63+15 = 'N'), blue in rows 4–5 (0b110000 → 63+48 = 'o')
    expect(bands[0].split('$').sort()).toEqual([`#${red[0]}NNN`, `#${blue[0]}ooo`].sort());
    // band 2: blue in its two rows (0b000011 → 63+3 = 'B')
    expect(bands[1]).toBe(`#${blue[0]}BBB`);
  });

  it('compresses runs longer than three as !count', () => {
    const rgb = new Uint8Array(10 * 6 * 3).fill(255);
    expect(sixelEncode(rgb, 10, 6)).toMatch(/#\d+!10~\u001b\\$/);
  });
});
