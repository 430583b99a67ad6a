/**
 * Face scoring: end to end (read, sha256, decode, detect, landmarks, 128-d descriptor, perceptual hash) on
 * 1024² JPEGs of real faces (the photographs face-api ships, cropped around one person each).
 * - The reference: face-api's nets all on TensorFlow.js's WASM backend (LORAPILOT_FACE_RUNTIME=tfjs), in this
 *   process and on one scoring thread per core (its default without onnxruntime).
 * - lorapilot's default: the detector and the recognition net on onnxruntime, in this process.
 * - Steady state (model loaded), cold (a fresh process: start, model load and every image), a re-check from
 *   the cache, and the memory each adds.
 *
 * Run: node --import tsx bench/faces.ts
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { facesSettings, FaceScanner } from '../src/faces/index.js';
import { demoPhoto, PEOPLE } from '../test/unit/faces/photos.js';
import { runIfMain } from './_main.js';

const N = 32;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function writeImages(dir: string): Promise<Array<{ path: string; rel: string }>> {
  const images: Array<{ path: string; rel: string }> = [];
  const people = Object.values(PEOPLE);
  const seen = new Set<string>();
  for (let i = 0; i < N; i++) {
    const p = people[i % people.length];
    // A head-and-shoulders frame around the face, as a character close-up, at 1024²; each frame a little
    // shifted, so no two images have the same bytes (the cache would answer a repeat).
    const side = Math.round(Math.max(p.w, p.h) * (2.2 + (i % 3) * 0.2));
    const meta = await sharp(demoPhoto(p.photo)).metadata();
    const shift = Math.floor(i / people.length) * 6 - 24;
    const left = Math.max(0, Math.min(meta.width! - side, Math.round(p.x + p.w / 2 - side / 2) + shift));
    const top = Math.max(0, Math.min(meta.height! - side, Math.round(p.y + p.h / 2 - side / 2)));
    const rel = `face${i}.jpg`;
    const buf = await sharp(demoPhoto(p.photo))
      .extract({ left, top, width: Math.min(side, meta.width!), height: Math.min(side, meta.height!) })
      .resize(1024, 1024, { fit: 'cover' })
      .modulate({ brightness: 1 + (i % 4) * 0.03 })
      .jpeg({ quality: 90 })
      .toBuffer();
    await writeFile(join(dir, rel), buf);
    images.push({ path: join(dir, rel), rel });
    seen.add(createHash('sha256').update(buf).digest('hex'));
  }
  if (seen.size !== N) throw new Error(`only ${seen.size} of ${N} bench images differ`);
  return images;
}

interface Run {
  ms: number;
  cpuMs: number;
  load: number;
  found: number;
  addedMb: number;
}

/** One scan of every image from an empty cache, in this process's settings (env decides runtime and threads). */
async function scan(images: Array<{ path: string; rel: string }>, cacheFile: string): Promise<Run> {
  await rm(cacheFile, { force: true });
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const scanner = await FaceScanner.create(facesSettings(null), cacheFile);
  const results = await scanner.scanAll(images);
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  await scanner.close();
  const found = [...results.values()].filter((r) => r.ok && r.faces.faces.length === 1).length;
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, load: loadavg()[0], found, addedMb: (peak - rss0) / 1024 / 1024 };
}

/** A fresh process that scans every image: what a first `lorapilot check` of a dataset pays, model load included. */
function cold(dir: string, env: Record<string, string>): Run & { wallMs: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--cold', dir], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const wallMs = performance.now() - t;
  if (r.status !== 0) throw new Error(`cold run failed: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Run), wallMs };
}

async function coldChild(dir: string): Promise<void> {
  const images = Array.from({ length: N }, (_, i) => ({ path: join(dir, `face${i}.jpg`), rel: `face${i}.jpg` }));
  const r = await scan(images, join(dir, 'cold-faces.json'));
  console.log(JSON.stringify(r));
}

/** The user's view: `lorapilot check` of a project holding these images, from the built binary (npm run bench builds it). */
async function wholeCheck(dir: string, images: Array<{ path: string }>, cores: number): Promise<void> {
  const bin = fileURLToPath(new URL('../dist/bin/lorapilot.js', import.meta.url));
  if (!existsSync(bin)) {
    console.log('faces: lorapilot check: dist/bin/lorapilot.js is not built (npm run build), skipped');
    return;
  }
  const project = join(dir, 'project');
  const folder = join(project, 'dataset', '40_maya');
  await mkdir(folder, { recursive: true });
  for (const [i, im] of images.entries()) {
    await copyFile(im.path, join(folder, `face${i}.jpg`));
    await writeFile(join(folder, `face${i}.txt`), 'maya_char, portrait, smiling');
  }
  const run = (args: string[], env: Record<string, string> = {}) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: project, env: { ...process.env, ...env }, encoding: 'utf8', input: '' });
    if (r.status !== 0 && r.status !== 1) throw new Error(`lorapilot ${args.join(' ')} failed: ${r.stderr}`);
    return performance.now() - t;
  };
  run(['init', '--name', 'maya', '--trigger', 'maya_char', '--local']);
  // A fresh face cache each time: every image scored.
  const fresh = (env: Record<string, string>) => {
    rmSync(join(project, '.lorapilot'), { recursive: true, force: true });
    return run(['check'], env);
  };
  const noFaces = run(['check', '--no-faces']);
  const tfjs = fresh({ LORAPILOT_FACE_RUNTIME: 'tfjs' });
  const onnx = fresh({});
  const cached = run(['check']);
  const per = (ms: number) => `${(ms / 1000).toFixed(1)} s = ${((N / ms) * 1000).toFixed(2)} images/s`;
  console.log(`faces: lorapilot check of ${N} images, first time (start, every rule, faces): before (TensorFlow.js WASM, ${cores} threads) ${per(tfjs)}; after (onnxruntime) ${per(onnx)}; again from the cache ${(cached / 1000).toFixed(1)} s; --no-faces ${(noFaces / 1000).toFixed(1)} s`);
}

export async function main(): Promise<void> {
  if (process.argv[2] === '--cold') return coldChild(process.argv[3]);
  const dir = await mkdtemp(join(tmpdir(), 'lorapilot-bench-faces-'));
  const cores = availableParallelism();
  try {
    const images = await writeImages(dir);
    const cacheFile = join(dir, 'faces.json');
    const rate = (r: { ms: number }) => `${((N / r.ms) * 1000).toFixed(2)} images/s`;
    const line = (name: string, r: Run) =>
      `faces: ${name}: ${N} images in ${r.ms.toFixed(0)} ms = ${rate(r)}, CPU ${(r.cpuMs / N).toFixed(0)} ms/image, load average ${r.load.toFixed(1)}, one face found in ${r.found}/${N}`;

    // Steady state: the model is loaded in this process first (one image), then every image is scored.
    const tfjs = { LORAPILOT_FACE_RUNTIME: 'tfjs', LORAPILOT_FACE_WORKERS: '1' };
    Object.assign(process.env, tfjs);
    await scan(images.slice(0, 1), cacheFile);
    const before = await scan(images, cacheFile);
    delete process.env.LORAPILOT_FACE_RUNTIME;
    delete process.env.LORAPILOT_FACE_WORKERS;
    await scan(images.slice(0, 1), cacheFile);
    const after = await scan(images, cacheFile);
    const again = await FaceScanner.create(facesSettings(null), cacheFile);
    let t = performance.now();
    await again.scanAll(images);
    const cachedMs = performance.now() - t;
    await again.close();

    console.log(`faces: ${N} close-ups at 1024², ${cores} cores`);
    console.log(line('before, model loaded, TensorFlow.js WASM in this process', before));
    console.log(line('after, model loaded, onnxruntime (lorapilot default)', after));

    // Cold: a fresh process each, so every run pays start-up and its own model load.
    const coldBefore = cold(dir, { LORAPILOT_FACE_RUNTIME: 'tfjs', LORAPILOT_FACE_WORKERS: String(cores) });
    const coldBefore1 = cold(dir, tfjs);
    const coldAfter = cold(dir, {});
    const coldLine = (name: string, r: Run & { wallMs: number }) =>
      `faces: cold, ${name}: ${N} images from process start in ${r.wallMs.toFixed(0)} ms = ${((N / r.wallMs) * 1000).toFixed(2)} images/s (scan with model load ${r.ms.toFixed(0)} ms), peak memory added ${mb(r.addedMb * 1024 * 1024)}`;
    console.log(coldLine(`before, TensorFlow.js WASM on ${cores} scoring threads (its default)`, coldBefore));
    console.log(coldLine('before, TensorFlow.js WASM in this process', coldBefore1));
    console.log(coldLine('after, onnxruntime in this process (lorapilot default)', coldAfter));
    console.log(`faces: target ≥ 3 images/s end to end on ${cores} cores: ${(N / coldAfter.wallMs) * 1000 >= 3 ? 'met' : 'missed'} cold, ${(N / after.ms) * 1000 >= 3 ? 'met' : 'missed'} with the model loaded`);
    t = cachedMs;
    console.log(`faces: re-check from the cache: ${t.toFixed(0)} ms = ${((N / t) * 1000).toFixed(0)} images/s`);
    await wholeCheck(dir, images, cores);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
