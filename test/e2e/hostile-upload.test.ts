import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncDataset } from '../../src/pod/sync.js';
import type { Target } from '../../src/remote/target.js';
import { makeImage } from '../helpers/pod-project.js';
import { bothTargets } from '../helpers/targets.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * What may never travel: a link to a private key outside the dataset, a link to `/`, a name that is not
 * UTF-8, and pipes named like captions and images. Over both targets files travel to: the upload refuses
 * with the file and the reason, sends nothing of what the link points to, and never blocks on the pipe.
 */
const kinds = bothTargets();

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

async function dataset(): Promise<{ ds: string; char: string; secret: string }> {
  const work = await tempDir('lorapilot-hostile-upload-');
  const ds = join(work, 'dataset');
  const char = join(ds, '40_maya');
  await mkdir(char, { recursive: true });
  await makeImage(join(char, 'a.jpg'), 1);
  await writeFile(join(char, 'a.txt'), 'maya_char, portrait');
  const secret = join(work, 'id_ed25519');
  await writeFile(secret, '-----BEGIN OPENSSH PRIVATE KEY----- not for the pod');
  return { ds, char, secret };
}

describe.each(kinds)('hostile upload: %s', (_name, make) => {
  let t: Target;
  beforeAll(async () => {
    t = await make();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a link out of the dataset, names the file, and sends none of the target', async () => {
    const { ds, char, secret } = await dataset();
    await symlink(secret, join(char, 'leak.jpg'));
    const root = await tempDir('lorapilot-pod-');
    await expect(syncDataset({ target: t, datasetDir: ds, root, project: 'maya' })).rejects.toThrow(/"40_maya\/leak\.jpg": symbolic link to .*id_ed25519, outside the dataset/);
    for (const f of await allFiles(root)) expect(await readFile(f, 'utf8')).not.toContain('PRIVATE KEY');
  });

  it('refuses a name that is not UTF-8, saying so', async () => {
    const { ds, char } = await dataset();
    writeFileSync(Buffer.from(`${char}/na\xefve.jpg`, 'latin1'), 'x');
    const root = await tempDir('lorapilot-pod-');
    await expect(syncDataset({ target: t, datasetDir: ds, root, project: 'maya' })).rejects.toThrow(/file name is not UTF-8 \(bytes [0-9a-f]*6e61ef7665/);
  });

  it('skips a link to / and pipes named like files without waiting on them, and sends the rest', async () => {
    const { ds, char } = await dataset();
    await symlink('/', join(char, 'root'));
    execFileSync('mkfifo', [join(char, 'pipe.jpg')]);
    execFileSync('mkfifo', [join(char, 'b.txt')]);
    await makeImage(join(char, 'b.jpg'), 2);
    const root = await tempDir('lorapilot-pod-');
    const r = await syncDataset({ target: t, datasetDir: ds, root, project: 'maya' });
    expect(r.uploaded.sort()).toEqual(['40_maya/a.jpg', '40_maya/a.txt', '40_maya/b.jpg']);
  });
});
