import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeImage, fitCells } from '../../../../src/ui/graphics/encode.js';
import { tempDir } from '../../../helpers/tmp.js';

async function landscape(): Promise<string> {
  const file = join(await tempDir('lorapilot-enc-'), 'wide.png');
  // 400 × 200: a red left half and a blue right half
  const left = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ff0000' } }).png().toBuffer();
  await sharp({ create: { width: 400, height: 200, channels: 3, background: '#0000ff' } }).composite([{ input: left, left: 0, top: 0 }]).png().toFile(file);
  return file;
}

describe('image encoding for the terminal protocols', () => {
  it('fits the image into the cell box with its aspect kept (a cell is twice as tall as wide)', () => {
    // 400 × 200 px into 40 × 20 cells (400 × 400 px): full width, half the height
    expect(fitCells(400, 200, 40, 20)).toEqual({ cols: 40, rows: 10, pxW: 400, pxH: 200 });
    expect(fitCells(100, 400, 40, 10)).toMatchObject({ rows: 10, cols: 5 });
  });

  it('sends kitty a PNG of the fitted box, iTerm2 a JPEG, and sixel the pixels with their colours', async () => {
    const file = await landscape();
    const kitty = await encodeImage(file, 'kitty', 40, 20);
    expect([kitty.cols, kitty.rows]).toEqual([40, 10]);
    const k = kitty.draw(5);
    const b64 = [...k.matchAll(/\u001b_G[^;]*;([^\u001b]*)\u001b\\/g)].map((m) => m[1]).join('');
    const meta = await sharp(Buffer.from(b64, 'base64')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 400, 200]);
    expect(k).toContain('c=40,r=10');
    expect(kitty.redraw?.(5)).toBe('\u001b_Ga=p,i=5,p=1,c=40,r=10,C=1,q=2\u001b\\');

    const iterm = (await encodeImage(file, 'iterm', 40, 20)).draw(0);
    const m = /^\u001b\]1337;File=inline=1;size=(\d+);width=40;height=10;[^:]*:([^\u0007]+)\u0007$/.exec(iterm)!;
    const jpeg = Buffer.from(m[2], 'base64');
    expect(jpeg.byteLength).toBe(Number(m[1]));
    expect((await sharp(jpeg).metadata()).format).toBe('jpeg');

    const six = (await encodeImage(file, 'sixel', 40, 20)).draw(0);
    expect(six.startsWith('\u001bPq"1;1;400;200')).toBe(true);
    // pure red and pure blue are in the palette, in percent
    expect(six).toMatch(/#\d+;2;100;0;0/);
    expect(six).toMatch(/#\d+;2;0;0;100/);
    // 200 pixel rows in bands of six
    expect(six.split('-')).toHaveLength(Math.ceil(200 / 6));
  });

  it('refuses a file that is not an image with a reason', async () => {
    const dir = await tempDir('lorapilot-enc-');
    const bad = join(dir, 'broken.jpg');
    await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).jpeg().toFile(bad);
    const { writeFile, readFile } = await import('node:fs/promises');
    await writeFile(bad, (await readFile(bad)).subarray(0, 20));
    await expect(encodeImage(bad, 'kitty', 10, 5)).rejects.toThrow();
  });
});
