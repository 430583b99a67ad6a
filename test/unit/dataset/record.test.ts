import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../../src/dataset/demo.js';
import { recheckDataset } from '../../../src/dataset/record.js';
import { createProject, loadProject, updateProject } from '../../../src/project/index.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const recorded = async (dir: string) => {
  const r = await loadProject(dir);
  if (!r.ok) throw new Error('project did not load');
  return r.project.progress.dataset;
};

describe('recheckDataset', () => {
  it('replaces an older record with what the files say now, and the last of overlapping re-checks wins', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    await generateDemoDataset(dir, { name: 'maya', trigger: 'maya_char' });
    await updateProject(dir, (p) => {
      p.progress.dataset = { status: 'done', at: '2020-01-01T00:00:00.000Z', summary: 'an old check' };
    });
    await recheckDataset(dir);
    const first = await recorded(dir);
    expect(first?.summary).toMatch(/8 errors/);
    expect(first?.status).toBe('attention');

    // A missing caption is one of the errors: writing it is a fix the next record must show.
    const a = recheckDataset(dir);
    await writeFile(join(dir, 'dataset', '40_maya', 'img017.txt'), 'maya_char, smiling, portrait\n');
    const b = recheckDataset(dir);
    await Promise.all([a, b]);
    expect((await recorded(dir))?.summary).toMatch(/7 errors/);
  });
});

describe('a caption change from the command line', () => {
  it('leaves the recorded check as the files are now, not the one before it', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    await generateDemoDataset(dir, { name: 'maya', trigger: 'maya_char' });
    await updateProject(dir, (p) => {
      p.progress.dataset = { status: 'done', at: '2020-01-01T00:00:00.000Z', summary: 'an old check' };
    });
    const r = await runCli(['captions', 'normalize'], dir);
    expect(r.code).toBe(0);
    const now = await recorded(dir);
    expect(now?.summary).not.toBe('an old check');
    expect(now?.summary).toMatch(/errors/);
    expect(now?.status).toBe('attention');
  });
});
