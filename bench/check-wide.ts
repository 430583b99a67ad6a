/**
 * `lorapilot check` on a wide and hostile tree: 150,000 files (75,000 small JPEGs and their captions, in
 * folders of 25,000), a folder 1,500 levels deep, and a symbolic link to `/` inside the dataset (reported,
 * never walked). The fast pass only, as `check --fast` and the pre-flight run it. Prints the time, the
 * findings and the peak resident memory of this process. Run: node --import tsx bench/check-wide.ts
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { checkDataset } from '../src/dataset/check.js';
import { runIfMain } from './_main.js';

const DATA = join(import.meta.dirname, '.data');
const IMAGES = 75_000;
const PER_FOLDER = 25_000;
const DEPTH = 1500;

/** The same small JPEG with a distinct comment segment: distinct bytes, so no two are duplicates. */
function withComment(jpeg: Buffer, k: number): Buffer {
  const body = Buffer.from(`wide ${k}`, 'latin1');
  const seg = Buffer.from([0xff, 0xfe, 0, 0]);
  seg.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), seg, body, jpeg.subarray(2)]);
}

async function prepare(): Promise<string> {
  const root = join(DATA, `wide-${IMAGES}`);
  if (existsSync(join(root, '.ready'))) return root;
  await rm(root, { recursive: true, force: true });
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#557799' } }).jpeg().toBuffer();
  for (let k = 0; k < IMAGES; k++) {
    const folder = join(root, `40_wide${Math.floor(k / PER_FOLDER)}`);
    if (k % PER_FOLDER === 0) await mkdir(folder, { recursive: true });
    const stem = `img${String(k).padStart(6, '0')}`;
    await Promise.all([writeFile(join(folder, `${stem}.jpg`), withComment(jpeg, k)), writeFile(join(folder, `${stem}.txt`), `wide_char, portrait ${k % 7}, soft lighting`)]);
  }
  await mkdir(join(root, '40_deep', ...Array<string>(DEPTH).fill('d')), { recursive: true });
  await symlink('/', join(root, '40_wide0', 'root'));
  await writeFile(join(root, '.ready'), '');
  return root;
}

export async function main(): Promise<void> {
  const root = await prepare();
  const t = performance.now();
  let line: string;
  try {
    const r = await checkDataset(root, { trigger: 'wide_char', decode: false });
    const loop = r.findings.some((f) => f.rule === 'layout.symlink-loop' && f.files.includes('40_wide0/root'));
    line = `${r.totals.images.toLocaleString('en-US')} images, ${r.findings.length.toLocaleString('en-US')} findings, link to / ${loop ? 'reported' : 'NOT reported'}`;
  } catch (e) {
    line = `FAILED: ${(e as Error).message}`;
  }
  const s = (performance.now() - t) / 1000;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`fast check, ${(IMAGES * 2).toLocaleString('en-US')} files + ${DEPTH} deep + link to /: ${s.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MB [${line}]`);
}

runIfMain(import.meta.url, main);
