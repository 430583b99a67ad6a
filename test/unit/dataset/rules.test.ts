import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { dHash, laplacianVariance } from '../../../src/dataset/image-decode.js';
import { parseHeader, sniffFormat } from '../../../src/dataset/image-header.js';
import type { FolderSummary } from '../../../src/dataset/report.js';
import { captionStatus, checkCaption, isOverTagged, medianOf, type CaptionInput } from '../../../src/dataset/rules/captions.js';
import { characterShot, composition, compositionFindings, realbodyPart } from '../../../src/dataset/rules/composition.js';
import { countFindings } from '../../../src/dataset/rules/counts.js';
import { isCommonEnglishWord } from '../../../src/dataset/rules/english-words.js';
import { decodeFindings, exactDuplicateFindings, hamming, headerFindings, nearDuplicateFindings } from '../../../src/dataset/rules/images.js';
import { layoutFindings } from '../../../src/dataset/rules/layout.js';
import { triggerFindings } from '../../../src/dataset/rules/trigger.js';
import type { DatasetScan, ImageEntry } from '../../../src/dataset/scan.js';

const enc = (s: string) => new TextEncoder().encode(s);
const caption = (text: string | Uint8Array | null, over: Partial<CaptionInput> = {}) =>
  checkCaption({
    image: '40_maya/a.jpg',
    caption: text === null ? null : '40_maya/a.txt',
    bytes: text === null ? null : typeof text === 'string' ? enc(text) : text,
    kind: 'character',
    trigger: 'maya_char',
    medianTags: 5,
    ...over,
  });
const rules = (fs: Array<{ rule: string }>) => fs.map((f) => f.rule).sort();

describe('caption rules (one caption, pure)', () => {
  it('accepts a caption written the way the guide asks', () => {
    expect(caption('maya_char, portrait, smiling, soft lighting, looking at camera')).toEqual([]);
    expect(caption('maya_char, realistic_body, legs, standing pose, natural lighting', { kind: 'realbody' })).toEqual([]);
  });
  it('missing and empty captions are errors naming the silent fallback', () => {
    const [missing] = caption(null);
    expect(missing.rule).toBe('caption.missing');
    expect(missing.severity).toBe('error');
    expect(missing.files).toEqual(['40_maya/a.jpg']);
    expect(missing.fix).toContain('a.txt');
    expect(rules(caption('  \n '))).toEqual(['caption.empty']);
  });
  it('unreadable caption', () => {
    expect(rules(caption(enc('x'), { readError: 'EACCES' }))).toEqual(['caption.unreadable']);
  });
  it('encoding: not UTF-8, BOM, CRLF', () => {
    expect(rules(caption(new Uint8Array([...enc('maya_char, caf'), 0xe9, ...enc(', portrait')])))).toEqual(['caption.not-utf8']);
    expect(rules(caption(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('maya_char, portrait')])))).toEqual(['caption.bom']);
    expect(rules(caption('maya_char, portrait,\r\nsmiling\r\n'))).toEqual(['caption.crlf']);
  });
  it('trigger missing is an error, not first is a warning', () => {
    const missing = caption('portrait, smiling');
    expect(rules(missing)).toEqual(['caption.trigger-missing']);
    expect(missing[0].severity).toBe('error');
    const late = caption('portrait, maya_char, smiling');
    expect(rules(late)).toEqual(['caption.trigger-not-first']);
    expect(late[0].message).toContain('"portrait"');
    // Without a known trigger the trigger rules are skipped.
    expect(caption('portrait, smiling', { trigger: null })).toEqual([]);
  });
  it('realistic_body must be on real-body images and only there', () => {
    expect(rules(caption('maya_char, legs, standing', { kind: 'realbody' }))).toEqual(['caption.realbody-missing']);
    expect(rules(caption('maya_char, realistic_body, portrait'))).toEqual(['caption.realbody-on-character']);
    // WD14 writes spaces for underscores: still the same tag.
    expect(caption('maya_char, realistic body, legs', { kind: 'realbody' })).toEqual([]);
  });
  it('[trigger] placeholder is flagged (replaced only when trigger_word is set)', () => {
    const fs = caption('[trigger], portrait, smiling');
    expect(rules(fs)).toEqual(['caption.placeholder']);
    expect(fs[0].fix).toContain('maya_char');
  });
  it('duplicate tags, case and underscore insensitive', () => {
    const fs = caption('maya_char, portrait, Soft Lighting, soft_lighting');
    expect(rules(fs)).toEqual(['caption.duplicate-tags']);
    expect(fs[0].data).toEqual({ duplicates: ['soft_lighting'] });
  });
  it('over-long captions: past the CLIP window, or far above the folder median', () => {
    const long = `maya_char, ${Array.from({ length: 40 }, (_, i) => `descriptive tag number ${i}`).join(', ')}`;
    expect(rules(caption(long))).toEqual(['caption.too-long']);
    const many = `maya_char, ${Array.from({ length: 15 }, (_, i) => `t${i}`).join(', ')}`;
    expect(rules(caption(many, { medianTags: 5 }))).toEqual(['caption.over-tagged']);
    expect(caption(many, { medianTags: 14 })).toEqual([]);
    expect(isOverTagged(16, 5)).toBe(true);
    expect(isOverTagged(9, 5)).toBe(false);
    expect(medianOf([3, 9, 5, 6])).toBe(6);
    expect(medianOf([])).toBeNull();
  });
  it('status for the Captions step is the worst severity', () => {
    expect(captionStatus(caption(null))).toBe('error');
    expect(captionStatus(caption('portrait, maya_char'))).toBe('warning');
    expect(captionStatus(caption('maya_char, portrait'))).toBe('ok');
  });
});

function folder(rel: string, over: Partial<FolderSummary> = {}): FolderSummary {
  const m = /^(\d+)_/.exec(rel);
  const repeats = m ? Number(m[1]) : null;
  const images = over.images ?? 10;
  return { rel, kind: /realbody/.test(rel) ? 'realbody' : 'character', kindSource: /realbody/.test(rel) ? 'name' : 'default', repeats, images, captions: images, perEpoch: images * (repeats ?? 1), ...over };
}
function img(rel: string): ImageEntry {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return { path: `/d/${rel}`, rel, folder: rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '', stem: name.slice(0, dot), ext: name.slice(dot), size: 100, caption: null };
}
function scanOf(over: Partial<DatasetScan>): DatasetScan {
  return { root: '/d', folders: [], images: [], captions: [], others: [], emptyFolders: [], ...over };
}

describe('layout rules', () => {
  it('a guide layout gives only notes: folder kinds and the num_repeats reminder', () => {
    const fs = layoutFindings(scanOf({ images: [img('40_maya/a.jpg'), img('20_maya_realbody/b.jpg')] }), [folder('40_maya'), folder('20_maya_realbody')]);
    expect(fs.every((f) => f.severity === 'info')).toBe(true);
    const reminder = fs.find((f) => f.rule === 'layout.repeats-ignored')!;
    expect(reminder.message).toContain('num_repeats: 40');
    expect(reminder.data).toEqual({ '40_maya': 40, '20_maya_realbody': 20 });
    expect(fs.filter((f) => f.rule === 'layout.folder-kind').map((f) => f.message)).toEqual([
      expect.stringContaining('character images'),
      expect.stringContaining('real-body photos (by its _realbody name)'),
    ]);
  });
  it('no N_name folders, folder without prefix, zero repeats, images in the root', () => {
    expect(rules(layoutFindings(scanOf({ images: [img('a.jpg')] }), [folder('', { kind: 'unknown', images: 1 })]))).toEqual(
      expect.arrayContaining(['layout.no-repeat-folders', 'layout.images-outside-folders']),
    );
    const fs = layoutFindings(scanOf({ images: [img('maya/a.jpg'), img('0_x/b.jpg'), img('40_m/c.jpg')] }), [folder('maya'), folder('0_x'), folder('40_m')]);
    expect(rules(fs)).toEqual(expect.arrayContaining(['layout.folder-without-repeats', 'layout.zero-repeats']));
    expect(fs.find((f) => f.rule === 'layout.folder-without-repeats')!.fix).toBe('rename it to 40_maya');
  });
  it('no images at all, empty folders, orphan captions, same-stem images', () => {
    expect(rules(layoutFindings(scanOf({}), []))).toEqual(['layout.no-images']);
    const scan = scanOf({
      images: [img('40_m/a.jpg'), img('40_m/a.png')],
      captions: [{ path: '/d/40_m/z.txt', rel: '40_m/z.txt', folder: '40_m', stem: 'z', size: 3, image: null }],
      emptyFolders: ['10_later'],
    });
    const fs = layoutFindings(scan, [folder('40_m', { images: 2 })]);
    expect(rules(fs)).toEqual(expect.arrayContaining(['layout.empty-folder', 'layout.orphan-caption', 'layout.same-stem', 'layout.no-realbody-folder']));
    expect(fs.find((f) => f.rule === 'layout.same-stem')!.files).toEqual(['40_m/a.jpg', '40_m/a.png']);
  });
  it('hidden, unknown, symlink loops, broken links, unreadable and special files', () => {
    const scan = scanOf({
      images: [img('40_m/a.jpg')],
      others: [
        { path: '', rel: '40_m/.DS_Store', kind: 'hidden' },
        { path: '', rel: '40_m/.secret.jpg', kind: 'hidden' },
        { path: '', rel: '40_m/notes.md', kind: 'unknown' },
        { path: '', rel: '40_m/loop', kind: 'symlink-loop' },
        { path: '', rel: '40_m/gone.jpg', kind: 'broken-link' },
        { path: '', rel: '40_m/locked', kind: 'unreadable', message: 'EACCES' },
        { path: '', rel: '40_m/pipe', kind: 'special' },
      ],
    });
    const fs = layoutFindings(scan, [folder('40_m', { images: 1 })]);
    expect(rules(fs)).toEqual(
      expect.arrayContaining(['layout.hidden-file', 'layout.hidden-image', 'layout.unknown-file', 'layout.symlink-loop', 'layout.broken-link', 'layout.unreadable', 'layout.special-file']),
    );
    expect(fs.find((f) => f.rule === 'layout.unreadable')!.severity).toBe('error');
  });
  it('a folder recognised as real body by its captions says so', () => {
    const fs = layoutFindings(scanOf({ images: [img('20_body/a.jpg')] }), [folder('20_body', { kind: 'realbody', kindSource: 'tags' })]);
    expect(fs.find((f) => f.rule === 'layout.folder-kind')!.message).toContain('by its realistic_body captions');
  });
});

describe('count and balance rules', () => {
  it('the guide dataset is on target', () => {
    const fs = countFindings([folder('40_maya', { images: 70 }), folder('20_maya_realbody', { images: 30 })]);
    expect(fs.every((f) => f.severity === 'info')).toBe(true);
    expect(fs.find((f) => f.rule === 'counts.images-per-epoch')!.data).toEqual({ imagesPerEpoch: 3400, guide: 3400 });
    expect(fs.find((f) => f.rule === 'counts.character')!.message).toContain('as the guide asks');
  });
  it('says how far off and what it does', () => {
    const fs = countFindings([folder('40_maya', { images: 24 }), folder('20_maya_realbody', { images: 10 })]);
    const c = fs.find((f) => f.rule === 'counts.character')!;
    expect(c.severity).toBe('warning');
    expect(c.message).toContain('46 short');
    expect(c.fix).toBe('add 46 character images');
    expect(fs.find((f) => f.rule === 'counts.realbody')!.message).toContain('plastic skin');
    expect(fs.find((f) => f.rule === 'counts.images-per-epoch')!.message).toContain('24 × 40 + 10 × 20 = 1,160');
  });
  it('repeats other than 40/20 and a lopsided balance', () => {
    const fs = countFindings([folder('10_maya', { images: 70 }), folder('20_maya_realbody', { images: 30 })]);
    expect(fs.find((f) => f.rule === 'counts.repeats')!.files).toEqual(['10_maya']);
    const bal = fs.find((f) => f.rule === 'counts.balance')!;
    expect(bal.severity).toBe('warning');
    expect(bal.message).toContain('1.2:1');
  });
});

describe('composition rules', () => {
  it('classifies shots and body parts from tags', () => {
    expect(characterShot(['maya_char', 'portrait', 'smiling'])).toBe('closeup');
    expect(characterShot(['maya_char', 'full body', 'standing'])).toBe('fullbody');
    expect(characterShot(['maya_char', 'cowboy shot'])).toBe('variety');
    expect(characterShot(['maya_char', 'upper_body'])).toBe('variety');
    expect(characterShot(['maya_char', 'smiling'])).toBeNull();
    expect(realbodyPart(['maya_char', 'realistic_body', 'legs'])).toBe('legs');
    expect(realbodyPart(['maya_char', 'realistic_body', 'full body detail'])).toBe('fullbody');
  });
  it('says what to add', () => {
    const comp = composition(
      [...Array(14)].map(() => ['t', 'portrait']).concat([...Array(30)].map(() => ['t', 'full body']), [...Array(20)].map(() => ['t', 'cowboy shot']), [['t', 'smiling']]),
      [...Array(10)].map(() => ['t', 'legs']),
    );
    const fs = compositionFindings(comp, { hasCharacter: true, hasRealbody: true });
    const close = fs.find((f) => f.rule === 'composition.character-closeup')!;
    expect(close.fix).toBe('add 6 close-ups');
    expect(close.severity).toBe('info');
    expect(fs.find((f) => f.rule === 'composition.realbody-torso')!.fix).toBe('add 10 torso photos');
    expect(fs.find((f) => f.rule === 'composition.realbody-torso')!.severity).toBe('warning');
    expect(fs.find((f) => f.rule === 'composition.character-unclassified')!.data).toEqual({ count: 1 });
    expect(fs.some((f) => f.rule === 'composition.character-fullbody')).toBe(false);
  });
});

describe('trigger rules', () => {
  it('warns about ordinary words and short tokens, accepts made-up ones', () => {
    expect(rules(triggerFindings('woman', 'project'))).toEqual(['trigger.common-word']);
    expect(rules(triggerFindings('sks', 'project'))).toEqual(['trigger.too-short']);
    expect(rules(triggerFindings('cat', 'project'))).toEqual(['trigger.common-word', 'trigger.too-short']);
    expect(triggerFindings('maya_char', 'project')).toEqual([]);
    expect(triggerFindings('ohwx_maya', 'option')).toEqual([]);
    expect(rules(triggerFindings('maya_char', 'inferred'))).toEqual(['trigger.inferred']);
    expect(rules(triggerFindings(null, 'none'))).toEqual(['trigger.unknown']);
    expect(isCommonEnglishWord('Portrait')).toBe(true);
    expect(isCommonEnglishWord('zxqv')).toBe(false);
  });
});

async function jpeg(w: number, h: number, opts: { orientation?: number; cmyk?: boolean } = {}): Promise<Buffer> {
  let s = sharp({ create: { width: w, height: h, channels: 3, background: '#806040' } });
  if (opts.cmyk) s = s.toColourspace('cmyk');
  s = s.jpeg();
  if (opts.orientation) s = s.withMetadata({ orientation: opts.orientation });
  return s.toBuffer();
}
const header = (b: Buffer) => parseHeader(b.subarray(0, 16384), b.subarray(Math.max(0, b.length - 32)), b.length);
const imageRules = (b: Buffer, ext = '.jpg') => rules(headerFindings('40_m/x' + ext, ext, b.length, header(b)));

describe('image header rules (no decode)', () => {
  it('a good 1024² JPEG gives nothing', async () => {
    expect(imageRules(await jpeg(1024, 1024))).toEqual([]);
  });
  it('zero bytes, garbage, truncated', async () => {
    expect(imageRules(Buffer.alloc(0))).toEqual(['image.empty-file']);
    expect(imageRules(Buffer.from('hello, not an image at all'))).toEqual(['image.corrupt']);
    const full = await jpeg(1024, 1024);
    expect(imageRules(full.subarray(0, full.length >> 1))).toEqual(['image.truncated']);
    const png = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#123456' } }).png().toBuffer();
    expect(imageRules(png.subarray(0, png.length - 20), '.png')).toEqual(['image.truncated']);
  });
  it('unreadable file header is its own rule', () => {
    const h = { format: 'unknown' as const, width: null, height: null, orientation: null, alpha: false, cmyk: false, bitDepth: null, truncated: false, error: 'cannot open: EACCES' };
    expect(rules(headerFindings('a.jpg', '.jpg', 10, h))).toEqual(['image.unreadable']);
  });
  it('extension not matching the real format', async () => {
    const png = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#123456' } }).png().toBuffer();
    const fs = headerFindings('40_m/x.jpg', '.jpg', png.length, header(png));
    expect(rules(fs)).toEqual(['image.wrong-extension']);
    expect(fs[0].fix).toContain('.png');
    expect(sniffFormat(png)).toBe('png');
  });
  it('shortest side under 1024 reports the real size; extreme aspect ratios', async () => {
    const fs = headerFindings('x.jpg', '.jpg', 1, header(await jpeg(768, 1152)));
    expect(fs.map((f) => f.message)).toEqual([expect.stringContaining('768×1152: shortest side 768 px')]);
    expect(imageRules(await jpeg(1024, 3072))).toEqual(['image.aspect-ratio']);
  });
  it('EXIF rotation (sizes as the trainer sees them), CMYK, alpha, 16-bit', async () => {
    const rot = headerFindings('x.jpg', '.jpg', 1, header(await jpeg(1536, 1024, { orientation: 6 })));
    expect(rules(rot)).toEqual(['image.exif-rotated']);
    expect(rules(headerFindings('x.jpg', '.jpg', 1, header(await jpeg(1600, 900, { orientation: 6 }))))).toEqual(['image.exif-rotated', 'image.too-small']);
    expect(imageRules(await jpeg(1024, 1024, { cmyk: true }))).toEqual(['image.cmyk']);
    const alpha = await sharp({ create: { width: 1024, height: 1024, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } }).png().toBuffer();
    expect(imageRules(alpha, '.png')).toEqual(['image.alpha']);
    const webpAlpha = await sharp({ create: { width: 1024, height: 1024, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } }).webp().toBuffer();
    expect(imageRules(webpAlpha, '.webp')).toEqual(['image.alpha']);
    const deep = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#123456' } }).toColourspace('rgb16').png().toBuffer();
    expect(imageRules(deep, '.png')).toEqual(['image.high-bit-depth']);
  });
  it('decompression-bomb headers are refused from the header alone', () => {
    // An IHDR claiming 50000×50000 and nothing else.
    const b = Buffer.alloc(45);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
    b.writeUInt32BE(13, 8);
    b.write('IHDR', 12, 'ascii');
    b.writeUInt32BE(50000, 16);
    b.writeUInt32BE(50000, 20);
    b[24] = 8;
    b[25] = 2;
    b.write('IEND', 37, 'ascii');
    const fs = headerFindings('x.png', '.png', b.length, header(b));
    expect(rules(fs)).toEqual(['image.oversized']);
    expect(fs[0].data).toEqual({ width: 50000, height: 50000 });
  });
  it('exact duplicates', () => {
    expect(exactDuplicateFindings([['a.jpg', 'b.jpg'], ['c.jpg']]).map((f) => f.files)).toEqual([['a.jpg', 'b.jpg']]);
  });
});

describe('decode-based rules', () => {
  const noise = (w: number, h: number, seed = 1) => {
    const g = new Uint8Array(w * h);
    let s = seed;
    for (let i = 0; i < g.length; i++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      g[i] = s & 0xff;
    }
    return g;
  };
  it('variance of the Laplacian separates sharp from flat', () => {
    expect(laplacianVariance(noise(64, 64), 64, 64)).toBeGreaterThan(1000);
    expect(laplacianVariance(new Uint8Array(64 * 64).fill(128), 64, 64)).toBe(0);
    expect(rules(decodeFindings({ rel: 'a.jpg', error: null, sharpness: 3 }))).toEqual(['image.blurry']);
    expect(decodeFindings({ rel: 'a.jpg', error: null, sharpness: 400 })).toEqual([]);
    expect(rules(decodeFindings({ rel: 'a.jpg', error: 'VipsJpeg: premature end', sharpness: null }))).toEqual(['image.corrupt']);
  });
  it('difference hash: equal for the same picture, far for different ones; near duplicates are grouped', () => {
    const a = noise(90, 80, 1);
    const b = noise(90, 80, 2);
    const ha = dHash(a, 90, 80);
    expect(hamming(ha, dHash(a, 90, 80))).toBe(0);
    expect(hamming(ha, dHash(b, 90, 80))).toBeGreaterThan(15);
    const fs = nearDuplicateFindings([
      { rel: 'a.jpg', hash: [0xffff0000, 0x0000ffff] },
      { rel: 'b.jpg', hash: [0xffff0001, 0x0000ffff] },
      { rel: 'c.jpg', hash: [0x12345678, 0x9abcdef0] },
      { rel: 'd.jpg', hash: [0xffff0000, 0x0000ffff] },
    ], new Set(['d.jpg']));
    expect(fs.map((f) => f.files)).toEqual([['a.jpg', 'b.jpg']]);
    expect(fs[0].data).toEqual({ distance: 1 });
  });
});
