import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDryRunJsonSchema, buildJsonSchema } from '../../../src/config/build-json.js';
import { lintOutputSchema } from '../../../src/config/lint-json.js';
import { presetsJsonSchema } from '../../../src/config/presets-json.js';
import { symptomsJsonSchema, tuneJsonSchema } from '../../../src/config/tune-json.js';
import { createProject } from '../../../src/project/index.js';
import { guideDataset } from '../../fixtures/configs/guide-dataset.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

async function guideProject() {
  const dir = await tempDir();
  await guideDataset(join(dir, 'dataset'));
  await createProject(dir, { name: 'maya', trigger: 'maya_char' });
  return dir;
}

async function json(args: string[], cwd: string): Promise<unknown> {
  const r = await runCli(args, cwd);
  expect(r.err).toBe('');
  return JSON.parse(r.out);
}

const TEMPLATE = join(__dirname, '..', '..', 'fixtures', 'configs', 'guide-template.yaml');

describe('lorapilot config --json output matches its schema, key for key', () => {
  it('build and build --dry-run', async () => {
    const dir = await guideProject();
    const dry = buildDryRunJsonSchema.parse(await json(['config', 'build', '--dry-run', '--json', '--epochs', '3'], dir));
    expect(dry.math.totalSteps).toBe(3 * dry.math.stepsPerEpoch);
    const built = buildJsonSchema.parse(await json(['config', 'build', '--json', '--steps', '3400'], dir));
    expect(built.choices).toMatchObject({ steps: 3400 });
    expect(built.choices).not.toHaveProperty('epochs');
    expect(built.lint).toEqual([]);
  });

  it('build without a readable dataset says why in datasetError', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const r = await runCli(['config', 'build', '--json'], dir);
    const built = buildJsonSchema.parse(JSON.parse(r.out));
    expect(built.datasetError).toBeTruthy();
  });

  it('lint, of any file and of the project’s own', async () => {
    const dir = await guideProject();
    const any = lintOutputSchema.parse(await json(['config', 'lint', TEMPLATE, '--json'], dir));
    expect(any.upToDate).toBeNull();
    expect(any.counts.error).toBe(any.findings.filter((f) => f.severity === 'error').length);
    await runCli(['config', 'build'], dir);
    const own = lintOutputSchema.parse(await json(['config', 'lint', '--json'], dir));
    expect(own).toMatchObject({ upToDate: true, counts: { error: 0 } });
    expect(own.math?.stepsPerEpoch).toBe(3400);
  });

  it('presets', async () => {
    const list = presetsJsonSchema.parse(await json(['config', 'presets', '--json'], await tempDir()));
    expect(list.map((p) => p.id)).toContain('flux1-dev');
  });

  it('tune: the symptoms, the advice, and the advice applied', async () => {
    const dir = await guideProject();
    const symptoms = symptomsJsonSchema.parse(await json(['config', 'tune', '--json'], dir));
    expect(symptoms.map((s) => s.id)).toContain('overfit');
    const advice = tuneJsonSchema.parse(await json(['config', 'tune', 'background-bleed', '--json'], dir));
    expect(advice).toMatchObject({ applied: false, rebuilt: null });
    await runCli(['config', 'build'], dir);
    const applied = tuneJsonSchema.parse(await json(['config', 'tune', 'face-drift', '--apply', '--json'], dir));
    expect(applied.applied).toBe(true);
    expect(applied.rebuilt).toMatch(/ai-toolkit\.yaml$/);
  });
});
