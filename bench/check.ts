/**
 * Benchmarks for `lorapilot check`:
 *  1. the fast pass (layout, captions, image headers, exact duplicates; no decode) on 10,000 images
 *     — target under 2 s;
 *  2. the full check with decode-based rules on 1024² JPEGs — target ≥ 40 images/s on 2 cores.
 * Data is generated once under bench/.data/ (gitignored). Run: node --import tsx bench/check.ts
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { checkDataset } from '../src/dataset/check.js';
import { runIfMain } from './_main.js';

const DATA = join(import.meta.dirname, '.data');
const FAST_N = 10_000;
const DECODE_N = 200;

/** A JPEG with a unique comment segment: distinct bytes and (mostly) distinct sizes, valid everywhere. */
function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const seg = Buffer.alloc(4);
  seg[0] = 0xff;
  seg[1] = 0xfe;
  seg.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), seg, body, jpeg.subarray(2)]);
}

async function baseImages(n: number, quality: number, noise: boolean): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024">
      <rect x="${(i * 37) % 700}" y="${(i * 91) % 700}" width="300" height="260" fill="hsl(${(i * 47) % 360},70%,50%)"/>
      <circle cx="${(i * 53) % 1024}" cy="${(i * 29) % 1024}" r="${120 + (i % 5) * 30}" fill="hsl(${(i * 83) % 360},60%,60%)"/>
      <rect x="0" y="${(i * 13) % 1024}" width="1024" height="6" fill="#000"/></svg>`;
    const bg = noise
      ? sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 24 } } })
      : sharp({ create: { width: 1024, height: 1024, channels: 3, background: { r: (i * 7) % 255, g: (i * 13) % 255, b: (i * 29) % 255 } } });
    out.push(await bg.composite([{ input: Buffer.from(svg) }]).jpeg({ quality }).toBuffer());
  }
  return out;
}

async function prepareFast(): Promise<string> {
  const root = join(DATA, `fast-${FAST_N}`);
  if (existsSync(join(root, '.ready'))) return root;
  await rm(root, { recursive: true, force: true });
  const bases = await baseImages(50, 60, false);
  const folders = [
    { rel: '40_bench', n: Math.round(FAST_N * 0.7), body: false },
    { rel: '20_bench_realbody', n: FAST_N - Math.round(FAST_N * 0.7), body: true },
  ];
  let k = 0;
  for (const f of folders) {
    await mkdir(join(root, f.rel), { recursive: true });
    const writes: Array<Promise<void>> = [];
    for (let i = 0; i < f.n; i++, k++) {
      const stem = `img${String(k).padStart(5, '0')}`;
      const jpg = withComment(bases[k % bases.length], `bench ${k} ${'x'.repeat(k % 997)}`);
      const caption = f.body ? `bench_char, realistic_body, ${['legs', 'torso', 'full body detail'][k % 3]}, natural lighting` : `bench_char, ${['portrait', 'full body', 'cowboy shot'][k % 3]}, smiling, soft lighting`;
      writes.push(writeFile(join(root, f.rel, `${stem}.jpg`), jpg), writeFile(join(root, f.rel, `${stem}.txt`), caption));
      if (writes.length >= 256) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);
  }
  await writeFile(join(root, '.ready'), '');
  return root;
}

async function prepareDecode(): Promise<string> {
  const root = join(DATA, `decode-${DECODE_N}`);
  if (existsSync(join(root, '.ready'))) return root;
  await rm(root, { recursive: true, force: true });
  await mkdir(join(root, '40_bench'), { recursive: true });
  const bases = await baseImages(DECODE_N, 90, true);
  for (let i = 0; i < DECODE_N; i++) {
    await writeFile(join(root, '40_bench', `img${i}.jpg`), bases[i]);
    await writeFile(join(root, '40_bench', `img${i}.txt`), `bench_char, ${['portrait', 'full body', 'cowboy shot'][i % 3]}, smiling`);
  }
  await writeFile(join(root, '.ready'), '');
  return root;
}

export async function main(): Promise<void> {
  console.log(`check benchmark — ${availableParallelism()} cores, Node ${process.version}`);
  const fastRoot = await prepareFast();
  const decodeRoot = await prepareDecode();

  // 1. Fast pass: first run (cold-ish page cache for this process) then the best of three.
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    const r = await checkDataset(fastRoot, { trigger: 'bench_char', decode: false });
    times.push(performance.now() - t);
    findings = r.findings.length;
    if (r.totals.images !== FAST_N) throw new Error(`expected ${FAST_N} images, saw ${r.totals.images}`);
  }
  const best = Math.min(...times.slice(1));
  console.log(`fast check (layout + captions + headers, no decode), ${FAST_N.toLocaleString('en-US')} images: first ${(times[0] / 1000).toFixed(2)} s, best ${(best / 1000).toFixed(2)} s (target < 2 s) → ${best < 2000 ? 'OK' : 'MISSED'} [${findings} findings]`);

  // 2. Full check with decode-based rules on 1024² JPEGs.
  const t = performance.now();
  const r = await checkDataset(decodeRoot, { trigger: 'bench_char', decode: true });
  const s = (performance.now() - t) / 1000;
  const rate = DECODE_N / s;
  const blurry = r.findings.filter((f) => f.rule === 'image.blurry').length;
  const near = r.findings.filter((f) => f.rule === 'image.near-duplicate').length;
  console.log(`full check with decode, ${DECODE_N} JPEGs 1024×1024: ${s.toFixed(2)} s → ${rate.toFixed(0)} images/s (target ≥ 40) → ${rate >= 40 ? 'OK' : 'MISSED'} [blurry ${blurry}, near-duplicate groups ${near}]`);
}

runIfMain(import.meta.url, main);
