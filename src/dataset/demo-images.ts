import sharp from 'sharp';
import { hashString, rng } from './demo-random.js';
import { EXT, type PlantedMistake, type Spec } from './demo-specs.js';

/** Drawing the demo's images: deterministic art per image, encoded as its spec says. */

export async function render(spec: Spec, width: number, height: number): Promise<Buffer> {
  return sharp(Buffer.from(svgFor(spec, width, height))).removeAlpha().png({ compressionLevel: 1 }).toBuffer();
}

export async function encode(png: Buffer, format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
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
export function bombPng(w: number, h: number): Buffer {
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

export interface DemoFile {
  path: string;
  rel: string;
  buf: Buffer;
  width: number;
  height: number;
}

/** The bytes of one image as its spec says, with the mistake it plants (the spec's extension may change). */
export async function demoImage(spec: Spec, folder: string, fileOf: ReadonlyMap<string, DemoFile>): Promise<{ buf: Buffer; ext: string; planted: PlantedMistake[] }> {
  const width = spec.width ?? 1024;
  const height = spec.height ?? 1024;
  const format = spec.format ?? 'jpeg';
  let ext = EXT[format];
  let buf: Buffer;
  const planted: PlantedMistake[] = [];
  const plant = (m: PlantedMistake) => planted.push(m);
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
  return { buf, ext, planted };
}
