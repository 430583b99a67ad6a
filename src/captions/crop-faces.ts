import { z } from 'zod';
import { stripAnsi } from '../text/sanitize.js';
import { scanDataset } from '../dataset/scan.js';
import { cachedFacesOf, faceCachePath, facesSettings, type ImageFaces } from '../faces/index.js';
import type { CaptionWorkspace } from './workspace.js';
import { captionTargets } from './apply.js';

/** Real-body images whose scored faces should be cropped out (the guide: real-body photos show no face). */
export const cropFacesJsonSchema = z.strictObject({
  /** Real-body images with a cached face score. */
  scored: z.number().int(),
  /** Real-body images not scored yet (`lorapilot check` scores them). */
  unscored: z.array(z.string()),
  crop: z.array(
    z.strictObject({
      rel: z.string(),
      width: z.number(),
      height: z.number(),
      boxes: z.array(z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })),
    }),
  ),
});
export type CropFaces = z.infer<typeof cropFacesJsonSchema>;

/** From the project's face cache only: listing never loads the face model. */
export async function facesToCrop(ws: Pick<CaptionWorkspace, 'root' | 'project' | 'projectDir'>): Promise<CropFaces> {
  const scan = await scanDataset(ws.root);
  const realbody = captionTargets(scan, {}).filter((t) => t.folderKind === 'realbody');
  const cached = ws.projectDir ? await cachedFacesOf(faceCachePath(ws.projectDir), facesSettings(ws.project).model, realbody.map((t) => t.image.path)) : new Map<string, ImageFaces>();
  const out: CropFaces = { scored: 0, unscored: [], crop: [] };
  for (const t of realbody) {
    const faces = cached.get(t.image.path);
    if (!faces) {
      out.unscored.push(t.image.rel);
      continue;
    }
    out.scored++;
    if (faces.faces.length > 0) out.crop.push({ rel: t.image.rel, width: faces.width, height: faces.height, boxes: faces.faces.map((f) => ({ x: Math.round(f.box.x), y: Math.round(f.box.y), width: Math.round(f.box.width), height: Math.round(f.box.height) })) });
  }
  return out;
}

export function cropFacesLines(r: CropFaces): string[] {
  const lines = r.crop.map((c) => `crop ${stripAnsi(c.rel)} (${c.width}×${c.height}): face ${c.boxes.map((b) => `${b.width}×${b.height} at ${b.x},${b.y}`).join(', ')}`);
  if (r.crop.length === 0 && r.scored > 0) lines.push(`no faces in the ${r.scored} scored real-body images`);
  if (r.unscored.length > 0) lines.push(`${r.unscored.length} real-body images not scored yet: run lorapilot check to score their faces`);
  if (r.scored === 0 && r.unscored.length === 0) lines.push('no real-body images');
  return lines;
}
