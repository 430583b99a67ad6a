/**
 * Face scoring: end to end (read, sha256, decode, detect, landmarks, 128-d descriptor, perceptual hash) on
 * 1024² JPEGs of real faces (the photographs face-api ships, cropped around one person each), the model
 * load, a re-check from the cache, and the memory the face model adds to the process.
 *
 * Run: node --import tsx bench/faces.ts
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { facesSettings, FaceScanner } from '../src/faces/index.js';
import { demoPhoto, PEOPLE } from '../test/unit/faces/photos.js';
import { runIfMain } from './_main.js';

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

export async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lorapilot-bench-faces-'));
  try {
    const images: Array<{ path: string; rel: string }> = [];
    const N = 16;
    const people = Object.values(PEOPLE);
    for (let i = 0; i < N; i++) {
      const p = people[i % people.length];
      // A head-and-shoulders frame around the face, as a character close-up, at 1024².
      const side = Math.round(Math.max(p.w, p.h) * (2.2 + (i % 3) * 0.2));
      const meta = await sharp(demoPhoto(p.photo)).metadata();
      const left = Math.max(0, Math.min(meta.width! - side, Math.round(p.x + p.w / 2 - side / 2)));
      const top = Math.max(0, Math.min(meta.height! - side, Math.round(p.y + p.h / 2 - side / 2)));
      const rel = `face${i}.jpg`;
      const buf = await sharp(demoPhoto(p.photo)).extract({ left, top, width: Math.min(side, meta.width!), height: Math.min(side, meta.height!) }).resize(1024, 1024, { fit: 'cover' }).modulate({ brightness: 1 + (i % 4) * 0.03 }).jpeg({ quality: 90 }).toBuffer();
      await writeFile(join(dir, rel), buf);
      images.push({ path: join(dir, rel), rel });
    }
    const rss0 = process.memoryUsage().rss;
    const cacheFile = join(dir, 'faces.json');
    let t = performance.now();
    const scanner = await FaceScanner.create(facesSettings(null), cacheFile);
    await scanner.scan(images[0].path); // loads the model and warms it
    const loadMs = performance.now() - t;
    const rssLoaded = process.memoryUsage().rss;
    await rm(cacheFile, { force: true });
    const fresh = await FaceScanner.create(facesSettings(null), cacheFile);
    let peak = 0;
    const cpu0 = process.cpuUsage();
    t = performance.now();
    const results = await fresh.scanAll(images, { onProgress: () => (peak = Math.max(peak, process.memoryUsage().rss)) });
    const scoreMs = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    await fresh.close();
    const found = [...results.values()].filter((r) => r.ok && r.faces.faces.length === 1).length;
    const again = await FaceScanner.create(facesSettings(null), cacheFile);
    t = performance.now();
    await again.scanAll(images);
    const cachedMs = performance.now() - t;
    await again.close();
    await scanner.close();
    console.log(`faces: model load + first image: ${loadMs.toFixed(0)} ms`);
    console.log(`faces: ${N} images 1024² end to end on ${availableParallelism()} cores: ${scoreMs.toFixed(0)} ms = ${((N / scoreMs) * 1000).toFixed(2)} images/s (target ≥ 3); one face found in ${found}/${N}`);
    // TensorFlow.js's WASM backend runs on one thread in Node: CPU time per image is the figure a shared machine does not distort.
    console.log(`faces: CPU time ${(cpuMs / N).toFixed(0)} ms/image = ${((N / cpuMs) * 1000).toFixed(2)} images/s per core (load average ${loadavg()[0].toFixed(1)} during the run)`);
    console.log(`faces: re-check from the cache: ${cachedMs.toFixed(0)} ms = ${((N / cachedMs) * 1000).toFixed(0)} images/s`);
    console.log(`faces: memory added by the face model: ${mb(rssLoaded - rss0)} after load, ${mb(Math.max(peak, rssLoaded) - rss0)} at peak while scoring (RSS ${mb(rss0)} before)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
