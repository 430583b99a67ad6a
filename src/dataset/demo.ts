import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoCaption } from './demo-captions.js';
import { demoImage, type DemoFile } from './demo-images.js';
import { captionTags, CHARACTER, REALBODY, type PlantedMistake, type Spec } from './demo-specs.js';

export type { PlantedMistake } from './demo-specs.js';

/**
 * A demo dataset for people without data of their own (and for tests): real JPEG/PNG/WebP files at
 * realistic sizes, captions that follow the guide, and a handful of planted mistakes of every kind
 * `lorapilot check` knows. Every image is drawn from its own seed (gradient, shapes, stripes, a figure
 * framed like the shot its caption names), so perceptual hashes differ unless a near duplicate is planted.
 *
 * The planted caption mistakes are all fixable with ordinary caption operations (trigger first,
 * add realistic_body, remove duplicate tags, normalise encoding/BOM/CRLF, create missing captions,
 * remove tags); after those fixes the check reports no caption findings.
 */

export interface DemoDataset {
  /** Absolute path of the dataset folder (projectDir/dataset). */
  dir: string;
  characterFolder: string;
  realbodyFolder: string;
  images: number;
  planted: PlantedMistake[];
}


/**
 * Write the demo dataset into `projectDir/dataset`. An existing, non-empty dataset folder is never
 * touched unless `overwrite` is set (it may be someone's real data).
 */
export async function generateDemoDataset(
  projectDir: string,
  { name, trigger, overwrite = false }: { name: string; trigger: string; overwrite?: boolean },
): Promise<DemoDataset> {
  const dir = join(projectDir, 'dataset');
  const charRel = `40_${name}`;
  const bodyRel = `20_${name}_realbody`;
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (existing.length > 0 && !overwrite) throw new Error(`${dir} already exists and is not empty; the demo will not overwrite it`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, charRel), { recursive: true });
  await mkdir(join(dir, bodyRel), { recursive: true });

  const planted: PlantedMistake[] = [];
  const plant = (m: PlantedMistake) => planted.push(m);
  const fileOf = new Map<string, DemoFile>();

  const all: Array<{ spec: Spec; folder: string; realbody: boolean }> = [
    ...CHARACTER.map((spec) => ({ spec, folder: charRel, realbody: false })),
    ...REALBODY.map((spec) => ({ spec, folder: bodyRel, realbody: true })),
  ];
  // Originals first (copies and variants need them), a few at a time: sharp renders on the thread pool.
  const ordered = [...all.filter((a) => !a.spec.of), ...all.filter((a) => a.spec.of)];
  const originals = ordered.filter((a) => !a.spec.of);
  for (let i = 0; i < originals.length; i += 4) {
    await Promise.all(originals.slice(i, i + 4).map((a) => writeImage(a.spec, a.folder)));
  }
  for (const a of ordered.filter((a) => a.spec.of)) await writeImage(a.spec, a.folder);

  async function writeImage(spec: Spec, folder: string): Promise<void> {
    const { buf, ext, planted: mistakes } = await demoImage(spec, folder, fileOf);
    planted.push(...mistakes);
    const width = spec.width ?? 1024;
    const height = spec.height ?? 1024;
    const path = join(dir, folder, `${spec.stem}${ext}`);
    await writeFile(path, buf);
    fileOf.set(spec.stem, { path, rel: `${folder}/${spec.stem}${ext}`, buf, width, height });
  }

  // Captions, following guide §2.1/§2.2.
  for (const { spec, folder, realbody } of all) {
    const img = fileOf.get(spec.stem)!;
    const txt = `${folder}/${spec.stem}.txt`;
    const tags = captionTags(spec, trigger, realbody);
    const { bytes, planted: mistakes } = demoCaption(spec, tags, img.rel, txt);
    planted.push(...mistakes);
    if (bytes) await writeFile(join(dir, txt), bytes);
  }

  // Layout mistakes.
  await writeFile(join(dir, charRel, 'old_render.txt'), `${trigger}, portrait, smiling, soft lighting`);
  plant({ rule: 'layout.orphan-caption', files: [`${charRel}/old_render.txt`], note: 'caption whose image was deleted' });
  await writeFile(join(dir, charRel, '.DS_Store'), Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
  plant({ rule: 'layout.hidden-file', files: [`${charRel}/.DS_Store`], note: 'macOS folder metadata' });
  await writeFile(join(dir, bodyRel, 'licenses.md'), '# Photo licenses\n\nbody001–body010: stock photos, licence verified.\n');
  plant({ rule: 'layout.unknown-file', files: [`${bodyRel}/licenses.md`], note: 'notes file inside the dataset' });
  await mkdir(join(dir, '10_outfits'), { recursive: true });
  plant({ rule: 'layout.empty-folder', files: ['10_outfits'], note: 'folder created for later, still empty' });

  // Composition: by design far from the guide's 20/30/20 and 10/10/10.
  plant({ rule: 'composition.character-closeup', files: [], note: 'fewer close-ups than the guide' });
  plant({ rule: 'composition.character-variety', files: [], note: 'few body-variety shots' });
  plant({ rule: 'composition.realbody-fullbody', files: [], note: 'only 2 full-body detail photos' });

  return { dir, characterFolder: charRel, realbodyFolder: bodyRel, images: all.length, planted };
}