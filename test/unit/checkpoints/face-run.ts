import { join } from 'node:path';
import sharp from 'sharp';
import { sampleFileName } from '../../../src/ai-toolkit/names.js';
import { createProject } from '../../../src/project/index.js';
import { noFace, portrait, put, variants } from '../faces/photos.js';
import { makeJobOutput } from './fixture.js';

/**
 * A project with a run built from real photographs: four character images of one person, samples at two
 * steps — 250 draws the character (one sample a near copy of a training photo), 500 draws other people —
 * and the user's scores preferring 500.
 */
export async function makeFaceRun(dir: string) {
  const maya = await portrait('maya');
  const v = await variants(maya);
  for (const [name, data] of [['maya', maya], ['maya-bright', v.brighter], ['maya-crop', v.crop], ['maya-rotated', v.rotated]] as const) {
    await put(join(dir, 'dataset', '40_maya', `${name}.jpg`), data);
  }
  const job = await makeJobOutput(dir, { steps: [250, 500], finalStep: null, prompts: 3, sampleSteps: [] });
  const sample = (t: number, step: number, i: number, data: Buffer) => put(join(job.folder, 'samples', sampleFileName(t, step, i)), data);
  // Step 250 draws the character (one sample a near copy of a training photo); step 500 draws other people.
  await sample(1_000, 250, 0, v.flip);
  await sample(1_001, 250, 1, await sharp(maya).jpeg({ quality: 85 }).toBuffer());
  await sample(2_000, 500, 0, await portrait('b'));
  await sample(2_001, 500, 1, await portrait('d'));
  await sample(2_002, 500, 2, await noFace());
  await createProject(dir, {
    name: 'maya_v1',
    trigger: 'maya_char',
    pod: { target: 'local' },
    job: { host: 'local', folder: dir, name: 'maya_v1', config: 'c', log: 'run.log', output: job.folder },
    config: { preset: 'sdxl' },
    // The user liked step 500 better; the measured identity says otherwise.
    checkpoints: { marked: [250, 500], scores: { '250': { face: 3, skin: 3, prompt: 3 }, '500': { face: 5, skin: 5, prompt: 5 } } },
  });
  return { maya, v, job };
}
