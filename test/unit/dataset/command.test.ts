import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../bin/main.js';
import { generateDemoDataset } from '../../../src/dataset/demo.js';
import { checkReportSchema } from '../../../src/dataset/report.js';
import { createProject, loadProject } from '../../../src/project/index.js';
import { tempDir } from '../../helpers/tmp.js';

async function lorapilot(args: string[], cwd: string, { ttyStderr = false } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (a: string[], isTTY: boolean) => Object.assign(new PassThrough(), { isTTY, write: (s: string) => (a.push(String(s)), true) }) as unknown as NodeJS.WritableStream;
  const code = await main(args, { cwd, stdout: sink(out, false), stderr: sink(err, ttyStderr), stdin: process.stdin, tty: false, env: {} });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

let project: string;

beforeAll(async () => {
  project = await tempDir();
  await createProject(project, { name: 'maya', trigger: 'maya_char' });
  await generateDemoDataset(project, { name: 'maya', trigger: 'maya_char' });
});

describe('lorapilot check', () => {
  it('in a project: checks its dataset, prints findings grouped by severity, exits 1 and records attention', async () => {
    const r = await lorapilot(['check', '--fast'], project);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Dataset .*\/dataset$/m);
    expect(r.stdout).toContain('Trigger maya_char (from lorapilot.yaml)');
    expect(r.stdout).toMatch(/40_maya\s+character\s+32 images × 40 =\s+1,280/);
    const errors = r.stdout.indexOf('✖ 7 errors');
    const warnings = r.stdout.indexOf('warnings\n');
    expect(errors).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(errors);
    expect(r.stdout).toContain('✖ caption.missing  40_maya/img017.jpg');
    expect(r.stdout).toContain('→ add 7 close-ups');
    expect(r.stdout).toContain('fast check: corruption, blur and near duplicates were not checked');
    expect(r.stdout).toMatch(/Verdict: not ready: 7 errors to fix before training/);
    // No progress noise when stderr is not a terminal.
    expect(r.stderr).toBe('');
    const p = await loadProject(project);
    expect(p.ok && p.project.progress.dataset?.status).toBe('attention');
    expect(p.ok && p.project.progress.dataset?.summary).toBe('42 images · 7 errors · 23 warnings (fast check)');
  });

  it('--json prints the report schema; decode rules run without --fast', async () => {
    const r = await lorapilot(['check', '--json', '--no-faces'], project);
    expect(r.code).toBe(1);
    const report = checkReportSchema.parse(JSON.parse(r.stdout));
    expect(report.decoded).toBe(true);
    expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['image.corrupt', 'image.blurry', 'image.near-duplicate']));
  });

  it('shows progress on stderr only when stderr is a terminal', async () => {
    const r = await lorapilot(['check', '--fast'], project, { ttyStderr: true });
    expect(r.stderr).toContain('\r');
    expect(r.stdout).not.toContain('\r\u001b[2K');
  });

  it('a clean dataset exits 0 and records done; DIR may be the dataset or the project folder', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'nova', trigger: 'nova_char' });
    const jpg = (seed: number) =>
      sharp({ create: { width: 1024, height: 1024, channels: 3, background: { r: seed * 3, g: 255 - seed * 2, b: (seed * 37) % 255 } } })
        .composite([{ input: Buffer.from(`<svg width="1024" height="1024"><rect x="${seed * 9}" y="${(seed * 53) % 800}" width="300" height="200" fill="#${(seed * 99991).toString(16).slice(0, 6).padEnd(6, '0')}"/><circle cx="${(seed * 131) % 1000}" cy="${(seed * 71) % 1000}" r="150" fill="#fff"/></svg>`) }])
        .jpeg()
        .toBuffer();
    const shots = ['portrait', 'full body', 'cowboy shot'];
    await mkdir(join(dir, 'dataset', '40_nova'), { recursive: true });
    await mkdir(join(dir, 'dataset', '20_nova_realbody'), { recursive: true });
    for (let i = 0; i < 6; i++) {
      await writeFile(join(dir, 'dataset', '40_nova', `n${i}.jpg`), await jpg(i + 1));
      await writeFile(join(dir, 'dataset', '40_nova', `n${i}.txt`), `nova_char, ${shots[i % 3]}, smiling, soft lighting`);
    }
    for (let i = 0; i < 3; i++) {
      await writeFile(join(dir, 'dataset', '20_nova_realbody', `b${i}.jpg`), await jpg(50 + i));
      await writeFile(join(dir, 'dataset', '20_nova_realbody', `b${i}.txt`), `nova_char, realistic_body, ${['legs', 'torso', 'full body detail'][i]}, natural lighting`);
    }
    const r = await lorapilot(['check', 'dataset', '--fast'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('✖');
    const p = await loadProject(dir);
    expect(p.ok && p.project.progress.dataset?.status).toBe('done');
    const other = await tempDir();
    const viaProject = await lorapilot(['check', dir, '--fast', '--json'], other);
    expect(JSON.parse(viaProject.stdout).totals.images).toBe(9);
  });

  it('without a project, checks the current folder and leaves no project file behind', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, '40_x'));
    await writeFile(join(dir, '40_x', 'a.jpg'), Buffer.alloc(0));
    const r = await lorapilot(['check', '--fast'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('image.empty-file');
    await expect(readFile(join(dir, 'lorapilot.yaml'))).rejects.toThrow();
  });

  it('usage errors exit 2; a missing folder is a finding with exit 1, never a stack trace', async () => {
    expect((await lorapilot(['check', '--nope'], project)).code).toBe(2);
    expect((await lorapilot(['check', 'a', 'b'], project)).code).toBe(2);
    const r = await lorapilot(['check', 'no/such/folder'], project);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('does not exist');
    expect(r.stderr).not.toContain('at ');
  });

  it('a broken lorapilot.yaml is named with its line, not a crash', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'lorapilot.yaml'), 'name: maya\ntrigger: [oops\n');
    const r = await lorapilot(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lorapilot\.yaml:\d+:\d+/);
  });
});
