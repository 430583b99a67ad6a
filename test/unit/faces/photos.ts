import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/**
 * Real faces for the tests: the group photographs that ship in @vladmandic/face-api's package, cropped
 * around one person each. The crop rectangles are regions of those photos (inputs, not results).
 */
const DEMO = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');

export function demoPhoto(n: number): string {
  return join(DEMO, `sample${n}.jpg`);
}

interface Region {
  photo: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The training identity (the left-most person of sample6) and three people from sample1. */
export const PEOPLE: Record<'maya' | 'b' | 'c' | 'd', Region> = {
  maya: { photo: 6, x: 680, y: 320, w: 159, h: 305 },
  b: { photo: 1, x: 411, y: 354, w: 181, h: 239 },
  c: { photo: 1, x: 838, y: 420, w: 190, h: 222 },
  d: { photo: 1, x: 1476, y: 200, w: 201, h: 238 },
};

/** A head-and-shoulders crop (the face with a margin around it), at most `side` px wide. */
export async function portrait(who: keyof typeof PEOPLE, side = 320): Promise<Buffer> {
  const r = PEOPLE[who];
  const m = 0.6;
  const img = sharp(demoPhoto(r.photo));
  const meta = await img.metadata();
  const left = Math.max(0, Math.round(r.x - r.w * m));
  const top = Math.max(0, Math.round(r.y - r.h * m));
  const width = Math.min(meta.width! - left, Math.round(r.w * (1 + 2 * m)));
  const height = Math.min(meta.height! - top, Math.round(r.h * (1 + 2 * m)));
  return img.extract({ left, top, width, height }).resize({ width: side, withoutEnlargement: true }).jpeg({ quality: 92 }).toBuffer();
}

/** Copies a user would still call the same photo of the same person. */
export async function variants(src: Buffer): Promise<Record<'crop' | 'flip' | 'brighter' | 'jpeg' | 'rotated', Buffer>> {
  const meta = await sharp(src).metadata();
  const w = meta.width!;
  const h = meta.height!;
  return {
    crop: await sharp(src).extract({ left: Math.round(w * 0.08), top: Math.round(h * 0.05), width: Math.round(w * 0.84), height: Math.round(h * 0.9) }).jpeg().toBuffer(),
    flip: await sharp(src).flop().jpeg().toBuffer(),
    brighter: await sharp(src).modulate({ brightness: 1.3 }).jpeg().toBuffer(),
    jpeg: await sharp(src).jpeg({ quality: 30 }).toBuffer(),
    rotated: await sharp(src).rotate(8, { background: '#808080' }).jpeg().toBuffer(),
  };
}

/** No face at all: a smooth gradient with noise. */
export async function noFace(side = 256): Promise<Buffer> {
  const data = Buffer.alloc(side * side * 3);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
    const i = (y * side + x) * 3;
    data[i] = (x * 255) / side;
    data[i + 1] = (y * 255) / side;
    data[i + 2] = ((x * y) % 97) + 80;
  }
  return sharp(data, { raw: { width: side, height: side, channels: 3 } }).jpeg().toBuffer();
}

/** A real face, too small to detect: shrunk to a few pixels on a large grey canvas. */
export async function tinyFace(): Promise<Buffer> {
  const small = await sharp(await portrait('maya')).resize({ width: 18 }).toBuffer();
  return sharp({ create: { width: 512, height: 512, channels: 3, background: '#777777' } }).composite([{ input: small, left: 240, top: 240 }]).jpeg().toBuffer();
}

/** The whole group photograph (three people), made smaller. */
export async function group(width = 960): Promise<Buffer> {
  return sharp(demoPhoto(1)).resize({ width }).jpeg().toBuffer();
}

export async function put(path: string, data: Buffer): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
  return path;
}
