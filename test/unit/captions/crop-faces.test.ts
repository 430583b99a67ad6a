import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cropFacesJsonSchema } from '../../../src/captions/crop-faces.js';
import { faceCachePath, facesSettings, FaceScanner } from '../../../src/faces/index.js';
import { runCli as cli } from '../../helpers/cli.js';
import { noFace, portrait } from '../faces/photos.js';
import { captionProject } from './fixture.js';

describe('lorapilot captions crop-faces', () => {
  it('names the real-body images whose scored face should be cropped, with the box, and those not scored yet', async () => {
    const dir = await captionProject({ '40_maya/a.jpg': 'maya_char, portrait', '20_maya_realbody/torso.jpg': 'realistic_body, torso', '20_maya_realbody/legs.jpg': 'realistic_body, legs', '20_maya_realbody/new.jpg': 'realistic_body, legs' });
    const rb = (f: string) => join(dir, 'dataset', '20_maya_realbody', f);
    await writeFile(rb('torso.jpg'), await portrait('c'));
    await writeFile(rb('legs.jpg'), await noFace());
    const scanner = await FaceScanner.create(facesSettings(null), faceCachePath(dir));
    await scanner.scanAll([{ path: rb('torso.jpg'), rel: '20_maya_realbody/torso.jpg' }, { path: rb('legs.jpg'), rel: '20_maya_realbody/legs.jpg' }]);
    await scanner.close();
    // Added after the faces were scored: listed as unscored, never scored by this listing.
    await writeFile(rb('new.jpg'), await noFace(200));

    const text = await cli(['captions', 'crop-faces'], dir);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^crop 20_maya_realbody\/torso\.jpg \(\d+×\d+\): face \d+×\d+ at \d+,\d+$/m);
    expect(text.out).not.toContain('legs.jpg');
    expect(text.out).toContain('1 real-body images not scored yet: run lorapilot check');

    const j = cropFacesJsonSchema.parse(JSON.parse((await cli(['captions', 'crop-faces', '--json'], dir)).out));
    expect(j.scored).toBe(2);
    expect(j.unscored).toEqual(['20_maya_realbody/new.jpg']);
    expect(j.crop.map((c) => c.rel)).toEqual(['20_maya_realbody/torso.jpg']);
    expect(j.crop[0].boxes[0].width).toBeGreaterThan(40);
  }, 120_000);
});
