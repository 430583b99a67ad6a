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
    const cacheFile = join(dir, 'faces.json');
    // A scan of every image on `threads` scoring threads (1: in this process), from an empty cache.
    const run = async (threads: number) => {
      await rm(cacheFile, { force: true });
      process.env.LORAPILOT_FACE_WORKERS = String(threads);
      const rss0 = process.memoryUsage().rss;
      const scanner = await FaceScanner.create(facesSettings(null), cacheFile);
      let peak = rss0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      const results = await scanner.scanAll(images);
      const ms = performance.now() - t;
      const cpu = process.cpuUsage(cpu0);
      clearInterval(sampler);
      const load = loadavg()[0];
      await scanner.close();
      const found = [...results.values()].filter((r) => r.ok && r.faces.faces.length === 1).length;
      return { ms, cpuMs: (cpu.user + cpu.system) / 1000, load, found, addedMb: (peak - rss0) / 1024 / 1024 };
    };
    const cores = availableParallelism();
    // The model load alone (in this process, one image): each scoring thread pays it once.
    const cpuLoad0 = process.cpuUsage();
    const warm = await FaceScanner.create(facesSettings(null), null);
    await warm.scan(images[0].path);
    await warm.close();
    const loadCpu = process.cpuUsage(cpuLoad0);
    const loadCpuMs = (loadCpu.user + loadCpu.system) / 1000;
    // In this process, model loaded: the per-image cost alone.
    const one = await run(1);
    const many = await run(cores);
    delete process.env.LORAPILOT_FACE_WORKERS;
    const again = await FaceScanner.create(facesSettings(null), cacheFile);
    const t = performance.now();
    await again.scanAll(images);
    const cachedMs = performance.now() - t;
    await again.close();
    const line = (name: string, r: typeof one) =>
      `faces: ${name}: ${N} images 1024² end to end: ${r.ms.toFixed(0)} ms = ${((N / r.ms) * 1000).toFixed(2)} images/s wall, CPU ${(r.cpuMs / N).toFixed(0)} ms/image, load average ${r.load.toFixed(1)} on ${cores} cores; one face found in ${r.found}/${N}`;
    console.log(`faces: model load + first image: ${loadCpuMs.toFixed(0)} ms CPU`);
    console.log(line('before, 1 thread in process, model loaded', one));
    console.log(line(`after, ${cores} scoring threads, each loading the model`, many));
    // TensorFlow.js's WASM backend runs on one thread in Node: on idle cores each thread scores 1000/CPU-ms images a second.
    const steady = Math.max(1, many.cpuMs - cores * loadCpuMs) / N;
    const idleWall = (cores * loadCpuMs) / cores + (N * steady) / cores;
    console.log(`faces: on ${cores} idle cores, from the CPU time: ${steady.toFixed(0)} ms/image per thread after the load → about ${((1000 / steady) * cores).toFixed(2)} images/s scoring (target ≥ 3), ${((N / idleWall) * 1000).toFixed(2)} images/s for these ${N} with the load; 1 thread: ${((N / one.cpuMs) * 1000).toFixed(2)} images/s`);
    console.log(`faces: re-check from the cache: ${cachedMs.toFixed(0)} ms = ${((N / cachedMs) * 1000).toFixed(0)} images/s`);
    console.log(`faces: memory added at peak: ${mb(one.addedMb * 1024 * 1024)} with the model in process, ${mb(many.addedMb * 1024 * 1024)} with ${cores} threads = ${mb((many.addedMb / cores) * 1024 * 1024)} per thread`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
