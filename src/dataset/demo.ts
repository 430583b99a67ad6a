import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

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

export interface PlantedMistake {
  /** The rule id the check reports for it. */
  rule: string;
  /** Files involved, relative to the dataset folder. */
  files: string[];
  /** Found only by the decode pass (not with --fast). */
  decode?: boolean;
  /** A caption mistake: fixed by the Captions step's bulk operations. */
  caption?: boolean;
  note: string;
}

export interface DemoDataset {
  /** Absolute path of the dataset folder (projectDir/dataset). */
  dir: string;
  characterFolder: string;
  realbodyFolder: string;
  images: number;
  planted: PlantedMistake[];
}

type Shot = 'closeup' | 'fullbody' | 'variety' | 'legs' | 'torso' | 'bodydetail';

interface Spec {
  stem: string;
  shot: Shot;
  format?: 'jpeg' | 'png' | 'webp';
  width?: number;
  height?: number;
  /** Special treatment of the image file. */
  image?: 'truncated' | 'corrupt' | 'copy' | 'near' | 'blurry' | 'png-as-jpg' | 'alpha' | 'rotated' | 'cmyk' | '16bit' | 'bomb' | 'empty' | 'panorama';
  /** Stem of the image copied (copy) or varied (near). */
  of?: string;
  /** Special treatment of the caption. */
  caption?: 'missing' | 'bom' | 'crlf' | 'latin1' | 'no-trigger' | 'trigger-late' | 'no-realbody' | 'placeholder' | 'dup-tags' | 'long' | 'realbody-on-char';
}

const CHARACTER: Spec[] = [
  { stem: 'img001', shot: 'closeup' },
  { stem: 'img002', shot: 'closeup', format: 'png' },
  { stem: 'img003', shot: 'closeup' },
  { stem: 'img004', shot: 'closeup', caption: 'bom' },
  { stem: 'img005', shot: 'closeup', width: 1024, height: 1280 },
  { stem: 'img006', shot: 'closeup', caption: 'trigger-late' },
  { stem: 'img007', shot: 'fullbody', width: 1024, height: 1536 },
  { stem: 'img008', shot: 'fullbody', width: 896, height: 1152 },
  { stem: 'img009', shot: 'fullbody', format: 'webp', width: 1024, height: 1536 },
  { stem: 'img010', shot: 'fullbody', width: 1152, height: 1536, caption: 'crlf' },
  { stem: 'img011', shot: 'fullbody', width: 1024, height: 1536, caption: 'no-trigger' },
  { stem: 'img012', shot: 'fullbody', width: 1216, height: 1632, caption: 'dup-tags' },
  { stem: 'img013', shot: 'fullbody', width: 1024, height: 1536, caption: 'latin1' },
  { stem: 'img014', shot: 'fullbody', width: 1024, height: 1536, caption: 'long' },
  { stem: 'img015', shot: 'variety', width: 1280, height: 1024 },
  { stem: 'img016', shot: 'variety', caption: 'placeholder' },
  { stem: 'img017', shot: 'variety', width: 1024, height: 1280, caption: 'missing' },
  { stem: 'img018', shot: 'variety', caption: 'realbody-on-char' },
  { stem: 'img019', shot: 'closeup', image: 'copy', of: 'img003' },
  { stem: 'img020', shot: 'closeup', image: 'near', of: 'img005', width: 1024, height: 1280 },
  { stem: 'img021', shot: 'fullbody', image: 'blurry', width: 1024, height: 1536 },
  { stem: 'img022', shot: 'closeup', image: 'truncated' },
  { stem: 'img023', shot: 'fullbody', image: 'corrupt', width: 1024, height: 1536 },
  { stem: 'img024', shot: 'closeup', image: 'png-as-jpg' },
  { stem: 'img025', shot: 'variety', image: 'alpha', format: 'png' },
  { stem: 'img026', shot: 'fullbody', image: 'rotated', width: 1536, height: 1024 },
  { stem: 'img027', shot: 'closeup', image: 'cmyk' },
  { stem: 'img028', shot: 'variety', image: '16bit', format: 'png' },
  { stem: 'img029', shot: 'fullbody', image: 'panorama', width: 1024, height: 2816 },
  { stem: 'img030', shot: 'closeup', image: 'bomb', format: 'png' },
  { stem: 'img031', shot: 'closeup', image: 'empty' },
  { stem: 'img032', shot: 'variety', width: 640, height: 800 },
];

const REALBODY: Spec[] = [
  { stem: 'body001', shot: 'legs', width: 1024, height: 1536 },
  { stem: 'body002', shot: 'legs', width: 1024, height: 1536, format: 'png' },
  { stem: 'body003', shot: 'legs', width: 1024, height: 1280 },
  { stem: 'body004', shot: 'torso' },
  { stem: 'body005', shot: 'torso', width: 1280, height: 1024 },
  { stem: 'body006', shot: 'torso', caption: 'no-realbody' },
  { stem: 'body007', shot: 'bodydetail', width: 1024, height: 1536 },
  { stem: 'body008', shot: 'bodydetail', width: 1024, height: 1536, format: 'webp' },
  { stem: 'body009', shot: 'legs', width: 1024, height: 1536 },
  { stem: 'body010', shot: 'torso', width: 1024, height: 1280 },
];

const EXT: Record<'jpeg' | 'png' | 'webp', string> = { jpeg: '.jpg', png: '.png', webp: '.webp' };

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
  const fileOf = new Map<string, { path: string; rel: string; buf: Buffer; width: number; height: number }>();

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
    const width = spec.width ?? 1024;
    const height = spec.height ?? 1024;
    const format = spec.format ?? 'jpeg';
    let ext = EXT[format];
    let buf: Buffer;
    const rel = (e: string) => `${folder}/${spec.stem}${e}`;
    switch (spec.image) {
      case 'copy': {
        const src = fileOf.get(spec.of!)!;
        buf = src.buf;
        plant({ rule: 'image.duplicate', files: [src.rel, rel(ext)], note: `${spec.stem} is a byte-for-byte copy of ${spec.of}` });
        break;
      }
      case 'near': {
        const src = fileOf.get(spec.of!)!;
        buf = await sharp(src.buf).modulate({ brightness: 1.06 }).extract({ left: 8, top: 8, width: src.width - 16, height: src.height - 16 }).resize(src.width, src.height).jpeg({ quality: 82 }).toBuffer();
        plant({ rule: 'image.near-duplicate', files: [src.rel, rel(ext)], decode: true, note: `${spec.stem} is ${spec.of} slightly brightened and re-cropped` });
        break;
      }
      case 'blurry':
        buf = await sharp(await render(spec, width, height)).blur(9).jpeg({ quality: 90 }).toBuffer();
        plant({ rule: 'image.blurry', files: [rel(ext)], decode: true, note: 'heavily blurred' });
        break;
      case 'truncated': {
        const full = await encode(await render(spec, width, height), 'jpeg');
        buf = full.subarray(0, Math.floor(full.length * 0.45));
        plant({ rule: 'image.truncated', files: [rel(ext)], note: 'JPEG cut off at 45 %' });
        break;
      }
      case 'corrupt': {
        const full = Buffer.from(await encode(await render(spec, width, height), 'jpeg'));
        // Garble the middle of the entropy-coded data; header and end marker stay intact.
        const rnd = rng(hashString(spec.stem));
        for (let i = Math.floor(full.length * 0.3); i < full.length * 0.6; i += 97) full[i] = Math.floor(rnd() * 256);
        buf = full;
        plant({ rule: 'image.corrupt', files: [rel(ext)], decode: true, note: 'JPEG with garbled data (header and end marker intact)' });
        break;
      }
      case 'png-as-jpg':
        buf = await encode(await render(spec, width, height), 'png');
        ext = '.jpg';
        plant({ rule: 'image.wrong-extension', files: [rel(ext)], note: 'a PNG file named .jpg' });
        break;
      case 'alpha':
        buf = await sharp(await render(spec, width, height)).ensureAlpha(0.85).png().toBuffer();
        plant({ rule: 'image.alpha', files: [rel(ext)], note: 'PNG with a transparent alpha channel' });
        break;
      case 'rotated':
        buf = await sharp(await render(spec, width, height)).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
        plant({ rule: 'image.exif-rotated', files: [rel(ext)], note: 'JPEG stored sideways with EXIF orientation 6' });
        break;
      case 'cmyk':
        buf = await sharp(await render(spec, width, height)).toColourspace('cmyk').jpeg({ quality: 90 }).toBuffer();
        plant({ rule: 'image.cmyk', files: [rel(ext)], note: 'CMYK JPEG' });
        break;
      case '16bit':
        buf = await sharp(await render(spec, width, height)).toColourspace('rgb16').png().toBuffer();
        plant({ rule: 'image.high-bit-depth', files: [rel(ext)], note: '16-bit PNG' });
        break;
      case 'panorama':
        buf = await encode(await render(spec, width, height), 'jpeg');
        plant({ rule: 'image.aspect-ratio', files: [rel(ext)], note: `${width}×${height}, a 2.75:1 strip` });
        break;
      case 'bomb':
        buf = bombPng(60_000, 60_000);
        plant({ rule: 'image.oversized', files: [rel(ext)], note: 'PNG header claiming 60000×60000 (a decompression bomb), refused without decoding' });
        break;
      case 'empty':
        buf = Buffer.alloc(0);
        plant({ rule: 'image.empty-file', files: [rel(ext)], note: 'zero-byte image file' });
        break;
      default:
        buf = await encode(await render(spec, width, height), format);
        if (Math.min(width, height) < 1024) plant({ rule: 'image.too-small', files: [rel(ext)], note: `${width}×${height}, under 1024 on the short side` });
    }
    const path = join(dir, folder, `${spec.stem}${ext}`);
    await writeFile(path, buf);
    fileOf.set(spec.stem, { path, rel: rel(ext), buf, width, height });
  }

  // Captions, following guide §2.1/§2.2.
  for (const { spec, folder, realbody } of all) {
    const img = fileOf.get(spec.stem)!;
    const txt = `${folder}/${spec.stem}.txt`;
    const tags = captionTags(spec, trigger, realbody);
    let bytes: Buffer | null = Buffer.from(tags.join(', '), 'utf8');
    const note = (rule: string, n: string) => plant({ rule, files: [img.rel, txt], caption: true, note: n });
    switch (spec.caption) {
      case 'missing':
        bytes = null;
        plant({ rule: 'caption.missing', files: [img.rel], caption: true, note: 'image without a caption file' });
        break;
      case 'bom':
        bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
        note('caption.bom', 'UTF-8 byte-order mark');
        break;
      case 'crlf':
        bytes = Buffer.from(`${tags.slice(0, 3).join(', ')},\r\n${tags.slice(3).join(', ')}\r\n`, 'utf8');
        note('caption.crlf', 'Windows line endings');
        break;
      case 'latin1':
        bytes = Buffer.from(`${tags.join(', ')}, café terrace background`, 'latin1');
        note('caption.not-utf8', 'saved as Windows-1252 ("café")');
        break;
      case 'no-trigger':
        bytes = Buffer.from(tags.slice(1).join(', '), 'utf8');
        note('caption.trigger-missing', 'trigger word left out');
        break;
      case 'trigger-late':
        bytes = Buffer.from([...tags.slice(1, 3), tags[0], ...tags.slice(3)].join(', '), 'utf8');
        note('caption.trigger-not-first', 'trigger word third');
        break;
      case 'no-realbody':
        bytes = Buffer.from(tags.filter((t) => t !== 'realistic_body').join(', '), 'utf8');
        note('caption.realbody-missing', 'real-body photo without realistic_body');
        break;
      case 'placeholder':
        bytes = Buffer.from(['[trigger]', ...tags.slice(1)].join(', '), 'utf8');
        note('caption.placeholder', '[trigger] instead of the trigger word');
        break;
      case 'dup-tags':
        bytes = Buffer.from([...tags, tags[1], tags[2]].join(', '), 'utf8');
        note('caption.duplicate-tags', `"${tags[1]}" and "${tags[2]}" twice`);
        break;
      case 'long':
        bytes = Buffer.from([...tags, ...WD14_DUMP].join(', '), 'utf8');
        note('caption.too-long', 'a raw tagger dump of 40+ tags');
        break;
      case 'realbody-on-char':
        bytes = Buffer.from([tags[0], 'realistic_body', ...tags.slice(1)].join(', '), 'utf8');
        note('caption.realbody-on-character', 'character image tagged realistic_body');
        break;
    }
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

const DETAILS: Record<Shot, string[][]> = {
  closeup: [
    ['portrait', 'closeup'],
    ['smiling', 'serious expression', 'laughing', 'soft smile', 'looking away'],
    ['soft lighting', 'natural lighting', 'studio lighting', 'golden hour', 'window light'],
    ['looking at camera', 'side view', 'front view', 'three quarter view'],
  ],
  fullbody: [
    ['full body'],
    ['standing', 'sitting', 'walking', 'leaning on wall', 'running'],
    ['red dress', 'casual outfit', 'blue jeans white shirt', 'black coat', 'summer dress', 'sportswear'],
    ['urban background', 'indoor setting', 'outdoor', 'park', 'beach', 'studio backdrop'],
  ],
  variety: [
    ['cowboy shot', 'upper body', 'half body'],
    ['sitting', 'standing', 'leaning', 'arms crossed', 'hand on hip'],
    ['detailed clothing', 'casual pose', 'leather jacket', 'knit sweater'],
    ['natural lighting', 'soft lighting', 'overcast light'],
  ],
  legs: [['legs'], ['standing pose', 'sitting', 'walking'], ['natural lighting', 'soft lighting'], ['detailed skin texture', 'skin detail']],
  torso: [['torso'], ['side view', 'front view', 'back view'], ['soft lighting', 'studio lighting'], ['skin detail', 'photorealistic']],
  bodydetail: [['full body detail'], ['sitting', 'standing'], ['studio lighting', 'natural lighting'], ['natural skin', 'detailed skin texture']],
};

function captionTags(spec: Spec, trigger: string, realbody: boolean): string[] {
  const r = rng(hashString(`${spec.stem}:caption`));
  const pickOne = (xs: string[]) => xs[Math.floor(r() * xs.length)];
  const parts = DETAILS[spec.shot].map(pickOne);
  return realbody ? [trigger, 'realistic_body', ...parts] : [trigger, ...parts];
}

const WD14_DUMP = [
  '1girl', 'solo', 'long hair', 'brown hair', 'brown eyes', 'looking at viewer', 'smile', 'dress', 'blurry background',
  'outdoors', 'day', 'sky', 'cloud', 'blue sky', 'building', 'city', 'street', 'road', 'car', 'tree', 'shadow', 'sunlight',
  'bare shoulders', 'collarbone', 'sleeveless', 'sleeveless dress', 'necklace', 'jewelry', 'earrings', 'lips', 'makeup',
  'lipstick', 'realistic', 'photorealistic', 'high heels', 'handbag', 'bracelet', 'wristwatch',
];

async function render(spec: Spec, width: number, height: number): Promise<Buffer> {
  return sharp(Buffer.from(svgFor(spec, width, height))).removeAlpha().png({ compressionLevel: 1 }).toBuffer();
}

async function encode(png: Buffer, format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  const s = sharp(png);
  if (format === 'png') return s.png({ compressionLevel: 6 }).toBuffer();
  if (format === 'webp') return s.webp({ quality: 88 }).toBuffer();
  return s.jpeg({ quality: 90, mozjpeg: false }).toBuffer();
}

/** Deterministic art per image: a gradient, bold shapes, fine stripes (so it reads sharp) and a figure framed by shot. */
function svgFor(spec: Spec, w: number, h: number): string {
  const r = rng(hashString(spec.stem));
  const hue = () => Math.floor(r() * 360);
  const col = (l = 55) => `hsl(${hue()},${50 + Math.floor(r() * 40)}%,${l}%)`;
  const shapes: string[] = [];
  for (let i = 0; i < 9; i++) {
    const x = Math.floor(r() * w);
    const y = Math.floor(r() * h);
    const s = Math.floor((0.08 + r() * 0.25) * Math.min(w, h));
    const kind = Math.floor(r() * 3);
    if (kind === 0) shapes.push(`<circle cx="${x}" cy="${y}" r="${s / 2}" fill="${col(30 + r() * 50)}"/>`);
    else if (kind === 1) shapes.push(`<rect x="${x - s / 2}" y="${y - s / 2}" width="${s}" height="${Math.floor(s * (0.5 + r()))}" fill="${col(30 + r() * 50)}" transform="rotate(${Math.floor(r() * 90)} ${x} ${y})"/>`);
    else shapes.push(`<polygon points="${x},${y - s / 2} ${x + s / 2},${y + s / 2} ${x - s / 2},${y + s / 2}" fill="${col(30 + r() * 50)}"/>`);
  }
  const stripe = 6 + Math.floor(r() * 10);
  // The figure: head and body scaled to the shot (close-ups fill the frame, full body is small and tall).
  const scale = { closeup: 0.42, variety: 0.22, fullbody: 0.12, legs: 0.1, torso: 0.2, bodydetail: 0.12 }[spec.shot];
  const cx = w * (0.35 + r() * 0.3);
  const head = Math.min(w, h) * scale;
  const skin = `hsl(${20 + Math.floor(r() * 20)},45%,${55 + Math.floor(r() * 20)}%)`;
  const figure =
    spec.shot === 'legs' || spec.shot === 'torso'
      ? `<rect x="${cx - head}" y="${h * 0.1}" width="${head * 2}" height="${h * 0.85}" rx="${head / 2}" fill="${skin}"/>`
      : `<circle cx="${cx}" cy="${h * 0.12 + head}" r="${head}" fill="${skin}"/><rect x="${cx - head * 1.3}" y="${h * 0.12 + head * 2.1}" width="${head * 2.6}" height="${h}" rx="${head / 2}" fill="${col(35)}"/>`;
  const angle = Math.floor(r() * 180);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
<defs>
<linearGradient id="g" gradientTransform="rotate(${angle} .5 .5)"><stop offset="0" stop-color="${col(70)}"/><stop offset="1" stop-color="${col(25)}"/></linearGradient>
</defs>
<rect width="100%" height="100%" fill="url(#g)"/>
${shapes.join('\n')}
${stripes(w, h, stripe, Math.floor(r() * 180))}
${figure}
</svg>`;
}

/** Fine stripes over the whole canvas as one path (an SVG <pattern> renders 80× slower in librsvg). */
function stripes(w: number, h: number, step: number, angle: number): string {
  const d = Math.ceil(Math.hypot(w, h));
  const parts: string[] = [];
  for (let x = -d; x < d; x += step) parts.push(`M${x} ${-d}h${step / 2}v${2 * d}h${-step / 2}z`);
  return `<path d="${parts.join('')}" fill="#000" fill-opacity="0.18" transform="translate(${w / 2} ${h / 2}) rotate(${angle})"/>`;
}

/** A PNG that is only a header: IHDR claiming `w`×`h`, then IEND. Decoding it would allocate gigabytes. */
function bombPng(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk('IEND', Buffer.alloc(0))]);
}

let crcTable: Uint32Array | null = null;
function crc32(b: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** mulberry32: small, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
