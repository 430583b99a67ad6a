import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSafetensors } from '../../../src/ai-toolkit/safetensors.js';
import { finishedRun } from '../../../src/pod/finished-run.js';
import { LocalTarget } from '../../../src/remote/local-target.js';
import { tempDir } from '../../helpers/tmp.js';

describe('a job that already ran to its end', () => {
  it('is recognised from the final checkpoint, unless the new run trains further', async () => {
    const root = await tempDir();
    const target = new LocalTarget();
    expect(await finishedRun(target, root, 'maya', 3000)).toBeNull();

    await mkdir(join(root, 'maya'), { recursive: true });
    await writeFile(join(root, 'maya', 'maya_000001000.safetensors'), buildSafetensors({ training_info: JSON.stringify({ step: 1000, epoch: 1 }) }));
    // An interrupted run (step saves, no final file) resumes properly: not "finished".
    expect(await finishedRun(target, root, 'maya', 3000)).toBeNull();

    await writeFile(join(root, 'maya', 'maya.safetensors'), buildSafetensors({ training_info: JSON.stringify({ step: 3000, epoch: 3 }) }));
    expect(await finishedRun(target, root, 'maya', 3000)).toEqual({ finalStep: 3000 });
    // More steps than the finished run: ai-toolkit resumes from the final file and trains on.
    expect(await finishedRun(target, root, 'maya', 6000)).toBeNull();
    // Another job name in the same folder is a new run.
    expect(await finishedRun(target, root, 'maya_v2', 3000)).toBeNull();
  });

  it('treats a final file without a readable step as finished', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'maya'), { recursive: true });
    await writeFile(join(root, 'maya', 'maya.safetensors'), 'not a safetensors file');
    expect(await finishedRun(new LocalTarget(), root, 'maya', 3000)).toEqual({ finalStep: null });
  });
});
