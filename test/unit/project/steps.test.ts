import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject, datasetFolder, firstUnfinishedStep, locateDataset, projectSchema, stepRows, statusJsonSchema } from '../../../src/project/index.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const project = (progress: Record<string, { status: 'todo' | 'attention' | 'done'; summary?: string }>, job = false) =>
  projectSchema.parse({
    name: 'maya',
    trigger: 'maya_char',
    progress,
    job: job ? { host: 'local', folder: '/tmp/x', name: 'maya', config: 'c.yaml', log: 'run.log' } : undefined,
  });

describe('where the wizard resumes', () => {
  it('opens at the first step not done, at the monitor while a launched run is unfinished, and at the dataset without a project', () => {
    expect(firstUnfinishedStep(null)).toBe('dataset');
    expect(firstUnfinishedStep(project({ dataset: { status: 'done' }, captions: { status: 'attention' } }))).toBe('captions');
    expect(firstUnfinishedStep(project({ dataset: { status: 'done' } }, true))).toBe('monitor');
    const all = Object.fromEntries(['dataset', 'captions', 'config', 'pod', 'monitor', 'checkpoints'].map((s) => [s, { status: 'done' as const }]));
    expect(firstUnfinishedStep(project(all))).toBe('checkpoints');
  });

  it('lists six numbered rows with the recorded summary, or what has not started', () => {
    const rows = stepRows(project({ dataset: { status: 'attention', summary: '42 images · 7 errors' } }));
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]).toMatchObject({ id: 'dataset', title: 'Dataset', state: 'attention', summary: '42 images · 7 errors' });
    expect(rows[1]).toMatchObject({ id: 'captions', state: 'todo', summary: 'not started' });
  });
});

describe('lorapilot status', () => {
  it('--json matches its schema, with the steps and the step the wizard resumes at', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char', progress: { dataset: { status: 'done', summary: '9 images · 0 errors · 0 warnings' } } });
    const r = await runCli(['status', '--json'], dir);
    expect(r.code).toBe(0);
    const json = statusJsonSchema.parse(JSON.parse(r.out));
    if (!json.ok) throw new Error('status failed');
    expect(json.resume).toBe('captions');
    expect(json.steps[0]).toMatchObject({ state: 'done', summary: '9 images · 0 errors · 0 warnings' });
    const text = await runCli(['status'], dir);
    expect(text.out).toMatch(/1 dataset\s+9 images · 0 errors · 0 warnings/);
    expect(text.out).toMatch(/2 captions\s+not started/);
  });

  it('--json of a broken project matches the schema too, with located problems', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'lorapilot.yaml'), 'name: maya\ntrigger: two words\n');
    const r = await runCli(['status', '--json'], dir);
    expect(r.code).toBe(1);
    const json = statusJsonSchema.parse(JSON.parse(r.out));
    expect(json.ok).toBe(false);
    if (!json.ok) expect(json.problems[0]).toMatchObject({ line: 2, path: 'trigger' });
  });
});

describe('which dataset a check and the Dataset screen work on', () => {
  it("is the project's dataset folder from lorapilot.yaml, not ./dataset", async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char', dataset: 'images/maya' });
    await mkdir(join(dir, 'dataset'));
    const where = await locateDataset(dir);
    expect(where).toMatchObject({ ok: true, dir: join(dir, 'images/maya'), projectDir: dir });
    if (where.ok) expect(datasetFolder(dir, where.project)).toBe(where.dir);
  });

  it('without a project is the folder itself, even when it holds a dataset/ folder', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'dataset'));
    expect(await locateDataset(dir)).toMatchObject({ ok: true, dir, project: null, projectDir: null });
    expect(datasetFolder(dir, null)).toBe(dir);
  });

  it("a DIR that is the project's dataset records in that project; a broken lorapilot.yaml is a problem", async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    expect(await locateDataset(dir, 'dataset')).toMatchObject({ ok: true, dir: join(dir, 'dataset'), projectDir: dir });
    expect(await locateDataset(join(dir, '..'), dir)).toMatchObject({ ok: true, dir: join(dir, 'dataset'), projectDir: dir });
    await writeFile(join(dir, 'lorapilot.yaml'), 'name: [oops\n');
    expect(await locateDataset(dir)).toMatchObject({ ok: false });
  });
});
