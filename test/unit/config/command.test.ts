import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintOutputSchema } from '../../../src/config/lint-json.js';
import { loadProject, createProject } from '../../../src/project/index.js';
import { guideDataset } from '../../fixtures/configs/guide-dataset.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

async function lorapilot(args: string[], cwd: string) {
  const r = await runCli(args, cwd);
  return { code: r.code, stdout: r.out, stderr: r.err };
}

async function guideProject() {
  const dir = await tempDir();
  await guideDataset(join(dir, 'dataset'));
  await createProject(dir, { name: 'maya', trigger: 'maya_char' });
  return dir;
}

const TEMPLATE = join(__dirname, '..', '..', 'fixtures', 'configs', 'guide-template.yaml');

describe('lorapilot config', () => {
  it('build writes ai-toolkit.yaml, prints the step math with both readings, and records the project', async () => {
    const dir = await guideProject();
    const r = await lorapilot(['config', 'build'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('images per epoch  3,400');
    expect(r.stdout).toContain("ai-toolkit's epoch");
    expect(r.stdout).toContain("The guide's arithmetic");
    expect(r.stdout).toContain('lint: no findings');
    const yaml = await readFile(join(dir, 'ai-toolkit.yaml'), 'utf8');
    expect(yaml).toContain('num_repeats: 40');
    const p = await loadProject(dir);
    expect(p.ok && p.project.config).toMatchObject({ file: 'ai-toolkit.yaml', preset: 'flux1-dev', rank: 16 });
    expect(p.ok && p.project.progress.config).toMatchObject({ status: 'done' });
  });

  it('build takes options, remembers them, and a later --steps replaces --epochs', async () => {
    const dir = await guideProject();
    const ok = await lorapilot(['config', 'build', '--preset', 'qwen-image', '--rank', '32', '--lr', '2e-4', '--epochs', '6', '--resolution', '512,1024', '--batch', '2', '--grad-accum', '2', '-o', 'configs/qwen.yaml', '--json'], dir);
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.stdout) as { file: string; choices: { alpha: number }; math: { stepsPerEpoch: number; totalSteps: number; saveEvery: number } };
    // 70×40 + 30×20 = 3,400 per resolution; 2 resolutions; bs 2 → 3,400 batches; ga 2 → 1,700 steps per epoch.
    expect(j.math.stepsPerEpoch).toBe(1700);
    expect(j.math.totalSteps).toBe(10200);
    expect(j.math.saveEvery).toBe(1700);
    expect(j.choices.alpha).toBe(32);
    const again = JSON.parse((await lorapilot(['config', 'build', '--steps', '3400', '--json', '--dry-run'], dir)).stdout) as { math: { totalSteps: number } };
    expect(again.math.totalSteps).toBe(3400);
    const p = await loadProject(dir);
    expect(p.ok && p.project.config).toMatchObject({ preset: 'qwen-image', rank: 32, lr: 2e-4, epochs: 6, file: 'configs/qwen.yaml' });
  });

  it('build takes sample prompts with [trigger] and keeps them', async () => {
    const dir = await guideProject();
    const r = await lorapilot(['config', 'build', '--prompt', '[trigger] reading a book', '--prompt', 'a photo of a cat'], dir);
    expect(r.code).toBe(0);
    const yaml = await readFile(join(dir, 'ai-toolkit.yaml'), 'utf8');
    expect(yaml).toContain('prompt: maya_char reading a book');
    expect(yaml).toContain('prompt: maya_char, a photo of a cat');
    const p = await loadProject(dir);
    expect(p.ok && p.project.config.prompts).toEqual(['[trigger] reading a book', 'a photo of a cat']);
  });

  it('build rejects bad input with exit 2 and no stack trace', async () => {
    const dir = await guideProject();
    for (const args of [['--epochs', '3', '--steps', '100'], ['--preset', 'nope'], ['--rank', 'x'], ['--resolution', 'big'], ['--vram', '12']]) {
      const r = await lorapilot(['config', 'build', ...args], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('build without a project says what to do', async () => {
    const dir = await tempDir();
    const r = await lorapilot(['config', 'build'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("lorapilot init");
  });

  it('lint exits 1 on the guide template and prints file:line:column with the fix', async () => {
    const dir = await tempDir();
    const r = await lorapilot(['config', 'lint', TEMPLATE, '--target', 'runpod'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/guide-template\.yaml:59:9: ✖ error config\.unknown-key: 'quantize_dtype'/);
    expect(r.stdout).toContain('fix: ');
    const j = lintOutputSchema.parse(JSON.parse((await lorapilot(['config', 'lint', TEMPLATE, '--json'], dir)).stdout));
    expect(j.counts.error).toBeGreaterThan(0);
    expect(j.findings.find((f) => f.rule === 'config.unknown-key')).toMatchObject({ line: 59, column: 9, path: 'config.process.0.model.quantize_dtype' });
  });

  it('lint exits 0 on a clean config and checks steps against the project dataset', async () => {
    const dir = await guideProject();
    await lorapilot(['config', 'build'], dir);
    const r = await lorapilot(['config', 'lint', 'ai-toolkit.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no findings');
    expect(r.stdout).toContain('3,400 steps per epoch');
    const text = await readFile(join(dir, 'ai-toolkit.yaml'), 'utf8');
    await writeFile(join(dir, 'broken.yaml'), text.replace('max_step_saves_to_keep: 9', 'max_step_saves_to_keep: 3'));
    const b = await lorapilot(['config', 'lint', 'broken.yaml'], dir);
    expect(b.code).toBe(0); // warnings only
    expect(b.stdout).toContain('save.keep-too-low');
    expect((await lorapilot(['config', 'lint', 'missing.yaml'], dir)).code).toBe(1);
    expect((await lorapilot(['config', 'lint', 'broken.yaml', '--target', 'mars'], dir)).code).toBe(2);
  });

  it('lint of the project’s own file says when it no longer matches the dataset', async () => {
    const dir = await guideProject();
    await lorapilot(['config', 'build'], dir);
    const fresh = await lorapilot(['config', 'lint', '--json'], dir);
    expect((JSON.parse(fresh.stdout) as { upToDate: boolean }).upToDate).toBe(true);
    await writeFile(join(dir, 'dataset', '40_maya_char', 'extra.jpg'), '');
    const stale = await lorapilot(['config', 'lint'], dir);
    expect(stale.stdout).toContain('differs from what lorapilot would write now');
  });

  it('presets lists at least the six required models', async () => {
    const r = await lorapilot(['config', 'presets', '--json'], await tempDir());
    const ids = (JSON.parse(r.stdout) as Array<{ id: string }>).map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['flux1-dev', 'qwen-image', 'zimage-turbo', 'flux2-dev', 'chroma', 'sdxl']));
  });

  it('tune proposes, and with --apply records the change and rewrites the written config', async () => {
    const dir = await guideProject();
    await lorapilot(['config', 'build', '--rank', '32'], dir);
    const dry = await lorapilot(['config', 'tune', 'background-bleed'], dir);
    expect(dry.stdout).toContain('32 → 12');
    expect((await loadProject(dir)).ok && ((await loadProject(dir)) as { project: { tuning: unknown[] } }).project.tuning).toEqual([]);
    const r = await lorapilot(['config', 'tune', 'background-bleed', '--apply'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('applied');
    const p = await loadProject(dir);
    expect(p.ok && p.project.config.rank).toBe(12);
    expect(p.ok && p.project.tuning[0]).toMatchObject({ symptom: 'background-bleed', changes: { rank: { from: 32, to: 12 } } });
    expect(await readFile(join(dir, 'ai-toolkit.yaml'), 'utf8')).toContain('linear: 12');
    expect((await lorapilot(['config', 'tune', 'sadness'], dir)).code).toBe(2);
  });
});
