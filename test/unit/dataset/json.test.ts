import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoJsonSchema } from '../../../src/dataset/demo-json.js';
import { checkReportSchema } from '../../../src/dataset/report.js';
import { initJsonSchema } from '../../../src/project/index.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

describe('--json of check, init and demo', () => {
  it('init --json prints the project created, then check --json its report, each exactly its schema', async () => {
    const dir = await tempDir();
    const init = await runCli(['init', '--name', 'nova', '--trigger', 'nova_char', '--json'], dir);
    expect(init.code).toBe(0);
    const created = initJsonSchema.parse(JSON.parse(init.out));
    expect(created).toMatchObject({ file: join(dir, 'lorapilot.yaml'), dataset: join(dir, 'dataset'), datasetExists: false, project: { name: 'nova', trigger: 'nova_char' } });

    await mkdir(join(dir, 'dataset', '40_nova'), { recursive: true });
    await writeFile(join(dir, 'dataset', '40_nova', 'a.jpg'), Buffer.alloc(0));
    const check = await runCli(['check', '--fast', '--json'], dir);
    expect(check.code).toBe(1);
    const report = checkReportSchema.parse(JSON.parse(check.out));
    expect(report).toMatchObject({ root: join(dir, 'dataset'), trigger: 'nova_char', triggerSource: 'project', decoded: false });
    expect(report.findings.map((f) => f.rule)).toContain('image.empty-file');
  });

  it('demo --json prints its schema', async () => {
    const dir = await tempDir();
    const r = await runCli(['demo', 'd', '--no-open', '--json'], dir);
    expect(r.code).toBe(0);
    const demo = demoJsonSchema.parse(JSON.parse(r.out));
    expect(demo).toMatchObject({ dir: join(dir, 'd'), created: true });
    expect(demo.planted).toBeGreaterThan(30);
  });
});
