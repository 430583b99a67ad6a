import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic.js';

/**
 * A copy of an image with its face boxes drawn in, for previews ("crop this out"). Written once per
 * image and box set into the temp folder; the image itself is never touched.
 */
const boxesSchema = z.array(z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }));

/** The face boxes a finding carries in its data, if any. */
export function findingBoxes(data: unknown): z.infer<typeof boxesSchema> | null {
  const parsed = boxesSchema.safeParse((data as { boxes?: unknown } | undefined)?.boxes);
  return parsed.success && parsed.data.length > 0 ? parsed.data : null;
}

export async function boxedPreview(path: string, boxes: z.infer<typeof boxesSchema>, dir = join(tmpdir(), 'lorapilot-face-boxes')): Promise<string> {
  const s = await stat(path);
  const key = createHash('sha256').update(JSON.stringify([path, s.size, s.mtimeMs, boxes])).digest('hex').slice(0, 24);
  const out = join(dir, `${key}.png`);
  if (await stat(out).then(() => true, () => false)) return out;
  const { default: sharp } = await import('sharp');
  const img = sharp(path, { limitInputPixels: 100_000_000 }).rotate();
  const meta = await img.clone().metadata();
  const swap = (meta.orientation ?? 1) >= 5;
  const w = (swap ? meta.height : meta.width) ?? 1;
  const h = (swap ? meta.width : meta.height) ?? 1;
  const stroke = Math.max(3, Math.round(Math.max(w, h) / 150));
  const rects = boxes.map((b) => `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="none" stroke="#ff2020" stroke-width="${stroke}"/>`).join('');
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${rects}</svg>`);
  const png = await img.composite([{ input: svg, left: 0, top: 0 }]).png().toBuffer();
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(out, png);
  return out;
}
