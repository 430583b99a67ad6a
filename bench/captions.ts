/**
 * Caption benchmarks: bulk operation throughput (journaled, atomic writes), undo, and WD14 tagging.
 * No real wd-v1-4 model can be downloaded here, so tagging is measured with the tiny generated model
 * (test/fixtures/wd14): the figure is preprocessing (decode 1024² JPEG → pad → resize 448² → BGR floats)
 * plus a trivial graph, i.e. the part of the pipeline lorapilot owns; a real model adds its inference time.
 *
 * Run: node --import tsx bench/captions.ts
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runOperation } from '../src/captions/apply.js';
import { CaptionJournal } from '../src/captions/journal.js';
import { wd14Input } from '../src/captions/tagger/preprocess.js';
import { tagImages, Wd14Tagger } from '../src/captions/tagger/wd14.js';
import { writeTinyModel } from '../test/fixtures/wd14/make-tiny-model.js';
import { runIfMain } from './_main.js';

function fmt(n: number, unit: string): string {
  return `${n.toFixed(1)} ${unit}`;
}

export async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lorapilot-bench-captions-'));
  try {
    // --- bulk operations ---
    const N = 1000;
    const root = join(dir, 'dataset');
    await mkdir(join(root, '40_maya'), { recursive: true });
    for (let i = 0; i < N; i++) {
      const stem = join(root, '40_maya', `img${String(i).padStart(5, '0')}`);
      await writeFile(`${stem}.jpg`, 'jpeg');
      await writeFile(`${stem}.txt`, `portrait, smiling, long hair, blue eyes, red dress, tag${i}, soft lighting`);
    }
    const journal = new CaptionJournal(join(dir, 'journal'));
    let t = performance.now();
    const r = await runOperation({ kind: 'ensure-trigger' }, { root, journal, ctx: { trigger: 'maya_char' } });
    const opMs = performance.now() - t;
    t = performance.now();
    await journal.undo();
    const undoMs = performance.now() - t;
    t = performance.now();
    await runOperation({ kind: 'prune-identity' }, { root, journal, ctx: { trigger: 'maya_char' }, dryRun: true });
    const dryMs = performance.now() - t;
    console.log(`captions: ensure-trigger on ${r.changes.length} captions (journaled, fsync per file): ${fmt(opMs, 'ms')} = ${fmt((r.changes.length / opMs) * 1000, 'captions/s')}`);
    console.log(`captions: undo of ${r.changes.length} captions: ${fmt(undoMs, 'ms')} = ${fmt((r.changes.length / undoMs) * 1000, 'captions/s')}`);
    console.log(`captions: prune-identity --dry-run over ${N} captions: ${fmt(dryMs, 'ms')}`);

    // --- WD14 tagging, tiny model, 1024² JPEGs ---
    const model = join(dir, 'model');
    writeTinyModel(model);
    const imgs: Array<{ path: string; rel: string }> = [];
    const M = 30;
    for (let i = 0; i < M; i++) {
      const path = join(dir, `photo${i}.jpg`);
      const noise = Buffer.alloc(256 * 256 * 3);
      for (let k = 0; k < noise.length; k++) noise[k] = (k * 31 + i * 97) & 255;
      await sharp(noise, { raw: { width: 256, height: 256, channels: 3 } }).resize(1024, 1024).jpeg({ quality: 90 }).toFile(path);
      imgs.push({ path, rel: `photo${i}.jpg` });
    }
    t = performance.now();
    for (const im of imgs.slice(0, 10)) await wd14Input(im.path, 448);
    const prepMs = (performance.now() - t) / 10;
    const tagger = await Wd14Tagger.load(model, { threads: availableParallelism() });
    await tagImages(tagger, imgs.slice(0, 2), { general: 0.35, character: 0.85 }); // warm-up
    t = performance.now();
    await tagImages(tagger, imgs, { general: 0.35, character: 0.85 });
    const tagMs = performance.now() - t;
    await tagger.close();
    console.log(`wd14: preprocess 1024² JPEG → 448² BGR float32: ${fmt(prepMs, 'ms/image')}`);
    console.log(`wd14 (tiny generated model, ${availableParallelism()} cores): ${M} images 1024² in ${fmt(tagMs, 'ms')} = ${fmt((M / tagMs) * 1000, 'images/s')}`);
    console.log('wd14: no real wd-v1-4 model is available on this machine; the figure above excludes real-model inference');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
