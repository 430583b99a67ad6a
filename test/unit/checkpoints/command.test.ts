import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateGraph, type ComfyGraph } from '../../../src/checkpoints/comfy-graph.js';
import { createProject, loadProject } from '../../../src/project/index.js';
import { tempDir } from '../../helpers/tmp.js';
import { makeJobOutput } from './fixture.js';
import { runCli } from '../../helpers/cli.js';

async function run(cwd: string, args: string[]) {
  const r = await runCli(args, cwd);
  return { code: r.code, stdout: r.out, stderr: r.err };
}

async function project(withJob = true) {
  const dir = await tempDir();
  const job = await makeJobOutput(dir, { steps: [250, 500], finalStep: 750, prompts: 2 });
  await createProject(dir, {
    name: 'maya_v1',
    trigger: 'maya_char',
    pod: { target: 'local' },
    ...(withJob ? { job: { host: 'local', folder: dir, name: 'maya_v1', config: 'c', log: 'run.log', output: job.folder } } : {}),
    config: { preset: 'sdxl' },
  });
  return { dir, job };
}

describe('lorapilot checkpoints', () => {
  it('lists an ai-toolkit folder given with --folder when no run is recorded', async () => {
    const { dir } = await project(false);
    const none = await run(dir, ['checkpoints', 'list']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no training run is recorded');
    const r = await run(dir, ['checkpoints', 'list', '--json', '--folder', 'output/maya_v1']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { checkpoints: Array<{ step: number; final: boolean }>; prompts: string[] };
    expect(j.checkpoints.map((c) => c.step)).toEqual([250, 500, 750]);
    expect(j.prompts).toEqual(['maya_char, test prompt 1', 'maya_char, test prompt 2']);
  });

  it('rejects bad input with exit 2 and no stack trace', async () => {
    const { dir } = await project();
    for (const args of [
      ['checkpoints', 'frob'],
      ['checkpoints', 'mark', 'abc'],
      ['checkpoints', 'score', '250', 'looks', '3'],
      ['checkpoints', 'score', '250', 'face', '9'],
      ['checkpoints', 'plan', '--seeds', '0'],
      ['checkpoints', 'plan', '--strengths', '0.5,x'],
      ['checkpoints', 'choose'],
    ]) {
      const r = await run(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect((await run(dir, ['checkpoints', 'choose', '300'])).code).toBe(1);
  });

  it('marks, chooses (final by name) and writes a valid SDXL plan for the marked ones', async () => {
    const { dir } = await project();
    expect((await run(dir, ['checkpoints', 'plan'])).code).toBe(1);
    expect((await run(dir, ['checkpoints', 'mark', '500', 'final'])).code).toBe(0);
    expect((await run(dir, ['checkpoints', 'choose', 'final', '--note', 'cleanest skin'])).stdout).toContain('chose step 750');
    const r = await run(dir, ['checkpoints', 'plan', '--seeds', '1', '--strengths', '0.8,1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { runs: number; family: string; checkpoints: Array<{ step: number; file: string }> };
    expect(j.family).toBe('sdxl');
    expect(j.runs).toBe(2 * 2 * 5);
    expect(j.checkpoints.map((c) => c.file)).toEqual(['maya_v1_000000500.safetensors', 'maya_v1.safetensors']);
    const plan = JSON.parse(await readFile(join(dir, 'comfy-plan', 'plan.json'), 'utf8')) as { runs: Array<{ workflow: string }> };
    for (const run of plan.runs) {
      const g = JSON.parse(await readFile(join(dir, 'comfy-plan', run.workflow), 'utf8')) as ComfyGraph;
      expect(validateGraph(g)).toEqual([]);
    }
    const p = await loadProject(dir);
    expect(p.ok && p.project.checkpoints).toMatchObject({ marked: [500, 750], chosen: { step: 750, note: 'cleanest skin' } });
  });
});
