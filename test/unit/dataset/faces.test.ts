import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDataset } from '../../../src/dataset/check.js';
import { checkOptionsFor } from '../../../src/dataset/check-request.js';
import type { Finding } from '../../../src/dataset/finding.js';
import type { CheckReport } from '../../../src/dataset/report.js';
import { facesSettings } from '../../../src/faces/index.js';
import { shotByFace } from '../../../src/dataset/rules/faces.js';
import { tempDir } from '../../helpers/tmp.js';
import { group, noFace, portrait, put, variants } from '../faces/photos.js';

let root: string;
let findings: Finding[];
let report: CheckReport;
let byCaption: CheckReport;

async function image(rel: string, data: Buffer, caption: string) {
  await put(join(root, rel), data);
  await writeFile(join(root, rel.replace(/\.jpg$/, '.txt')), caption);
}

beforeAll(async () => {
  root = join(await tempDir('lorapilot-dsfaces-'), 'dataset');
  const maya = await portrait('maya');
  const v = await variants(maya);
  await image('40_maya/maya.jpg', maya, 'maya_char, portrait, smiling');
  await image('40_maya/maya-flip.jpg', v.flip, 'maya_char, portrait, looking left');
  await image('40_maya/maya-bright.jpg', v.brighter, 'maya_char, upper body, sunlight');
  await image('40_maya/maya-jpeg.jpg', v.jpeg, 'maya_char, upper body, indoors');
  await image('40_maya/stranger.jpg', await portrait('b'), 'maya_char, portrait, outdoors');
  await image('40_maya/friends.jpg', await group(), 'maya_char, cowboy shot, friends');
  await image('40_maya/sky.jpg', await noFace(), 'maya_char, full body, sky');
  // Captioned as a close-up, but the face is a small part of a tall frame.
  const small = await sharp(maya).resize({ width: 200 }).toBuffer();
  await image('40_maya/wide.jpg', await sharp({ create: { width: 700, height: 1000, channels: 3, background: '#8a9a7a' } }).composite([{ input: small, left: 250, top: 60 }]).jpeg().toBuffer(), 'maya_char, portrait, park');
  await image('20_maya_realbody/legs.jpg', await noFace(), 'realistic_body, legs');
  await image('20_maya_realbody/torso.jpg', await portrait('c'), 'realistic_body, torso');
  report = await checkDataset(root, { trigger: 'maya_char', faces: { settings: facesSettings(null), cacheFile: null } });
  findings = report.findings;
  byCaption = await checkDataset(root, { trigger: 'maya_char', decode: false });
}, 180_000);

const of = (rule: string) => findings.filter((f) => f.rule === rule);

describe('the face rules of the check', () => {
  it('asks whether a character image shows a different person, naming the distance and images to compare', () => {
    const diff = of('faces.different-person');
    expect(diff.map((f) => f.files[0])).toEqual(['40_maya/stranger.jpg']);
    expect(diff[0].message).toMatch(/a different person\? its face is 0\.\d\d from the dataset's identity \(same person under 0\.60\)/);
    expect(diff[0].files[1]).toMatch(/^40_maya\/maya/);
    expect(diff[0].data).toMatchObject({ threshold: 0.6, farthest: '40_maya/stranger.jpg' });
  });

  it('finds character images with no face or several faces', () => {
    expect(of('faces.no-face').map((f) => f.files[0])).toEqual(['40_maya/sky.jpg']);
    const several = of('faces.several');
    expect(several.map((f) => f.files[0])).toEqual(['40_maya/friends.jpg']);
    expect(several[0].message).toContain('3 faces');
  });

  it('says a close-up with a small face is a wider shot', () => {
    expect(of('faces.closeup-small-face').map((f) => f.files[0])).toEqual(['40_maya/wide.jpg']);
  });

  it('counts shots by the face size once faces are scored, by the caption without them', () => {
    const c = report.composition.character;
    const t = byCaption.composition.character;
    // Captions: four portraits are close-ups; two upper body and the cowboy shot are variety; the sky is full body.
    expect([t.closeup.have, t.variety.have, t.fullbody.have]).toEqual([4, 3, 1]);
    // Faces: the small-faced "portrait" is a wider shot, the two upper-body crops of a head fill the frame as
    // close-ups; the group (several faces) and the faceless sky keep their captions' shots.
    expect([c.closeup.have, c.variety.have, c.fullbody.have]).toEqual([5, 2, 1]);
    expect(c.unclassified).toBe(0);
  });

  it('warns about a face in a real-body image with its box, so it can be cropped', () => {
    const rb = of('faces.realbody-face');
    expect(rb.map((f) => f.files[0])).toEqual(['20_maya_realbody/torso.jpg']);
    expect(rb[0].severity).toBe('warning');
    expect(rb[0].fix).toContain('crop the face out');
    const box = (rb[0].data as { boxes: Array<{ width: number }> }).boxes[0];
    expect(box.width).toBeGreaterThan(40);
  });

  it('is skipped by a fast check, in the demo project and outside a project', () => {
    expect(checkOptionsFor({ trigger: 't' }, { faces: true, fast: true, projectDir: '/p' }).faces).toBeUndefined();
    expect(checkOptionsFor({ trigger: 't', demo: true }, { faces: true, projectDir: '/p' }).faces).toBeUndefined();
    expect(checkOptionsFor(null, { faces: true, projectDir: null }).faces).toBeUndefined();
    expect(checkOptionsFor({ trigger: 't' }, { faces: true, projectDir: '/p' }).faces?.cacheFile).toBe('/p/.lorapilot/faces.json');
  });
});

describe('the shot by face size', () => {
  it('makes a big face a close-up, a small one full body, and leaves the middle and missing faces to the caption', () => {
    expect(shotByFace(0.4, 'fullbody')).toBe('closeup');
    expect(shotByFace(0.08, 'closeup')).toBe('fullbody');
    expect(shotByFace(0.18, 'closeup')).toBe('variety');
    expect(shotByFace(0.18, 'fullbody')).toBe('fullbody');
    expect(shotByFace(undefined, 'closeup')).toBe('closeup');
    expect(shotByFace(undefined, null)).toBeNull();
  });
});
