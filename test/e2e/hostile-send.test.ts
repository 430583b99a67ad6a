import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncDataset } from '../../src/pod/sync.js';
import type { Target } from '../../src/remote/target.js';
import { makeImage } from '../helpers/pod-project.js';
import { bothTargets } from '../helpers/targets.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * A file swapped for a named pipe after the scan and the comparison, just before it is sent: the upload
 * refuses it by name instead of waiting for a writer forever, over both targets files travel to.
 */
describe.each(bothTargets())('a file swapped for a pipe before it is sent: %s', (_name, make) => {
  let t: Target;
  beforeAll(async () => {
    t = await make();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses the upload naming the file, and sends nothing of it', async () => {
    const work = await tempDir('lorapilot-hostile-send-');
    const ds = join(work, 'dataset');
    const char = join(ds, '40_maya');
    await mkdir(char, { recursive: true });
    await makeImage(join(char, 'a.jpg'), 1);
    await writeFile(join(char, 'a.txt'), 'maya_char, portrait');
    const root = await tempDir('lorapilot-pod-');
    let swapped = false;
    // The plan is made (the file scanned and hashed); the swap happens as the upload phase begins.
    const onProgress = (p: { phase: string }) => {
      if (p.phase !== 'uploading' || swapped) return;
      swapped = true;
      execFileSync('rm', [join(char, 'a.txt')]);
      execFileSync('mkfifo', [join(char, 'a.txt')]);
    };
    await expect(syncDataset({ target: t, datasetDir: ds, root, project: 'maya', onProgress })).rejects.toThrow(
      /40_maya\/a\.txt is no longer a regular file \(it is now a named pipe\); nothing of it was sent/,
    );
    expect(swapped).toBe(true);
    const sent = await readdir(root, { recursive: true });
    expect(sent.filter((f) => String(f).includes('a.txt'))).toEqual([]);
    await rm(join(char, 'a.txt'));
  }, 60_000);
});
