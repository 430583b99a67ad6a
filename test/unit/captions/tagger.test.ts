import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { displayTag, parseSelectedTags } from '../../../src/captions/tagger/labels.js';
import { wd14Input } from '../../../src/captions/tagger/preprocess.js';
import { Wd14Tagger } from '../../../src/captions/tagger/wd14.js';
import { writeTinyModel } from '../../fixtures/wd14/make-tiny-model.js';
import { tempDir } from '../../helpers/tmp.js';
import { runCli as cli } from '../../helpers/cli.js';

let dir: string;
let model: string;

async function solid(path: string, colour: string, w = 96, h = 96) {
  await mkdir(join(path, '..'), { recursive: true });
  await sharp({ create: { width: w, height: h, channels: 3, background: colour } }).jpeg({ quality: 95 }).toFile(path);
}


beforeAll(async () => {
  dir = await tempDir('lorapilot-wd14-');
  model = join(dir, 'model');
  writeTinyModel(model);
});

describe('WD14 tagger against a generated model', () => {
  it('reads the input size from the model and tags by colour, ratings dropped, kaomoji kept', async () => {
    await solid(join(dir, 'img/red.jpg'), '#ff0000');
    await solid(join(dir, 'img/green.jpg'), '#00ff00');
    const tagger = await Wd14Tagger.load(model, { threads: 1 });
    expect(tagger.size).toBe(448);
    const red = await tagger.tag(join(dir, 'img/red.jpg'));
    expect(red.tags).toEqual(['red theme', '1girl', 'long hair', '^_^', 'solo']);
    expect(red.tags).not.toContain('general'); // rating
    const green = await tagger.tag(join(dir, 'img/green.jpg'));
    expect(green.tags[0]).toBe('hatsune miku'); // character tags first
    expect(green.tags).not.toContain('maybe character'); // 0.73 < 0.85
    const strict = await tagger.tag(join(dir, 'img/red.jpg'), { general: 0.6, character: 0.7 });
    expect(strict.tags).toEqual(['maybe character', 'red theme', '1girl', 'long hair', '^_^']);
    await tagger.close();
  });

  it('pads to a white square and feeds BGR floats in 0–255', async () => {
    await solid(join(dir, 'img/wide.png'), '#ff0000', 200, 100);
    const x = await wd14Input(join(dir, 'img/wide.png'), 448);
    const px = (r: number, c: number) => Array.from(x.subarray((r * 448 + c) * 3, (r * 448 + c) * 3 + 3));
    expect(px(5, 224)).toEqual([255, 255, 255]); // padding above
    const [b, g, r] = px(224, 224); // red, in B,G,R order
    expect(b).toBeLessThan(3);
    expect(g).toBeLessThan(3);
    expect(r).toBeGreaterThan(250);
  });

  it('turns underscores into spaces except in kaomoji, and reads quoted CSV', () => {
    expect(displayTag('long_hair')).toBe('long hair');
    expect(displayTag('>_<')).toBe('>_<');
    expect(parseSelectedTags('tag_id,name,category,count\n1,"a,b",0,5\n2,^_^,0,1\n')).toEqual([
      { name: 'a,b', category: 0 },
      { name: '^_^', category: 0 },
    ]);
  });

  it('merges into captions through the command, keeps user tags, is undoable, and reports broken images', async () => {
    const project = join(dir, 'proj');
    await writeFile(join(await mkdir(project, { recursive: true }).then(() => project), 'lorapilot.yaml'), 'name: maya\ntrigger: maya_char\n');
    await solid(join(project, 'dataset/40_maya/red.jpg'), '#ff0000');
    await solid(join(project, 'dataset/40_maya/white.jpg'), '#ffffff');
    await solid(join(project, 'dataset/10_realbody/blue.jpg'), '#0000ff');
    await writeFile(join(project, 'dataset/40_maya/broken.jpg'), 'not a jpeg');
    await writeFile(join(project, 'dataset/40_maya/red.txt'), 'maya_char, Long_Hair, my own tag');

    const missing = await cli(['captions', 'tag', '--model', model, '--mode', 'missing', '--json'], project);
    const m = JSON.parse(missing.out);
    expect(m.tagged).toBe(3); // the captioned red image is not tagged in missing mode
    expect(await readFile(join(project, 'dataset/40_maya/red.txt'), 'utf8')).toBe('maya_char, Long_Hair, my own tag');
    expect(await readFile(join(project, 'dataset/10_realbody/blue.txt'), 'utf8')).toBe('maya_char, realistic_body, blue theme, 1girl, long hair, ^_^, solo');
    expect(await readFile(join(project, 'dataset/40_maya/white.txt'), 'utf8')).toBe('maya_char, 1girl, white background, long hair, ^_^, solo');
    expect(m.errors).toEqual([{ file: '40_maya/broken.jpg', message: expect.stringMatching(/cannot decode/) }]);
    expect(missing.code).toBe(1);

    // The model folder is remembered: the next run needs no --model.
    expect(await readFile(join(project, 'lorapilot.yaml'), 'utf8')).toMatch(/tagger:\n\s+model: /);
    const merged = await cli(['captions', 'tag', '--general', '0.6', '--folder', '40_maya'], project);
    expect(merged.out).toMatch(/tagged 3 images/);
    expect(await readFile(join(project, 'dataset/40_maya/red.txt'), 'utf8')).toBe('maya_char, Long_Hair, my own tag, red theme, 1girl, ^_^');

    const undo = await cli(['captions', 'undo'], project);
    expect(undo.out).toMatch(/undone: auto-tag \(merge\)/);
    expect(await readFile(join(project, 'dataset/40_maya/red.txt'), 'utf8')).toBe('maya_char, Long_Hair, my own tag');
  });

  it('explains a model folder without the tagger files', async () => {
    const r = await cli(['captions', 'tag', '--model', join(dir, 'nowhere'), '--trigger', 'x', join(dir, 'img')], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/model\.onnx not found/);
  });
});
