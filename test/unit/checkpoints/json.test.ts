import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  checkpointListJsonSchema,
  checkpointsFailureJsonSchema,
  chooseJsonSchema,
  downloadJsonSchema,
  markJsonSchema,
  planJsonSchema,
  projectFailureJsonSchema,
  scoreJsonSchema,
} from '../../../src/checkpoints/json.js';
import { createProject } from '../../../src/project/index.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { makeJobOutput } from './fixture.js';

async function project(withJob = true) {
  const dir = await tempDir();
  const job = await makeJobOutput(dir, { steps: [250, 500], finalStep: 750, prompts: 2, sampleSteps: [0, 100, 250, 500, 750] });
  await createProject(dir, {
    name: 'maya_v1',
    trigger: 'maya_char',
    pod: { target: 'local' },
    ...(withJob ? { job: { host: 'local', folder: dir, name: 'maya_v1', config: 'c', log: 'run.log', output: job.folder } } : {}),
    config: { preset: 'sdxl', steps: 750, epochs: 3 },
  });
  return dir;
}

/** Run a subcommand with --json; its whole stdout must be one document of the schema. */
async function json<S extends z.ZodType>(dir: string, args: string[], schema: S): Promise<{ code: number; value: z.infer<S> }> {
  const r = await runCli(['checkpoints', ...args, '--json'], dir);
  return { code: r.code, value: schema.parse(JSON.parse(r.out)) };
}

describe('lorapilot checkpoints --json', () => {
  it('list, mark, choose and score print exactly their schemas', async () => {
    const dir = await project();
    const list = await json(dir, ['list'], checkpointListJsonSchema);
    expect(list.code).toBe(0);
    expect(list.value.checkpoints.map((c) => [c.step, c.final, c.where])).toEqual([
      [250, false, 'pod'],
      [500, false, 'pod'],
      [750, true, 'pod'],
    ]);
    expect(list.value.findings.map((f) => f.rule)).toContain('checkpoints.samples-without-checkpoint');

    expect((await json(dir, ['mark', '250', 'final'], markJsonSchema)).value.marked).toEqual([250, 750]);
    expect((await json(dir, ['choose', '500', '--note', 'sharp'], chooseJsonSchema)).value.chosen).toMatchObject({ step: 500, note: 'sharp' });
    await runCli(['checkpoints', 'score', '250', 'face', '4'], dir);
    const score = await json(dir, ['score', '250', 'skin', '5'], scoreJsonSchema);
    expect(score.value.criteria.map((c) => c.id)).toEqual(['face', 'skin', 'prompt']);
    // The ranking lists every scored step and every marked one.
    expect(score.value.ranking.map((r) => [r.step, r.scores, r.complete])).toEqual([
      [250, { face: 4, skin: 5 }, false],
      [750, {}, false],
    ]);
  });

  it('download takes the marked checkpoints, reports each outcome, and verifies what is already there', async () => {
    const dir = await project();
    await runCli(['checkpoints', 'mark', '500', 'final'], dir);
    const first = await json(dir, ['download'], downloadJsonSchema);
    expect(first.code).toBe(0);
    expect(first.value.results.map((r) => [r.file, r.status])).toEqual([
      ['maya_v1_000000500.safetensors', 'downloaded'],
      ['maya_v1.safetensors', 'downloaded'],
    ]);
    const again = await json(dir, ['download', '500'], downloadJsonSchema);
    expect(again.value).toEqual({ ok: true, results: [{ status: 'already', file: 'maya_v1_000000500.safetensors', path: join(dir, 'loras', 'maya_v1_000000500.safetensors'), bytes: expect.any(Number) }] });
    // A different local file of the same name is a conflict, not an overwrite.
    await writeFile(join(dir, 'loras', 'maya_v1_000000250.safetensors'), 'not a checkpoint');
    const conflict = await json(dir, ['download', '250'], downloadJsonSchema);
    expect(conflict.code).toBe(1);
    expect(conflict.value.ok).toBe(false);
    expect(conflict.value.results[0].status).toBe('conflict');
  });

  it('plan prints where it wrote the plan and what it tests', async () => {
    const dir = await project();
    const plan = await json(dir, ['plan', '500', 'final', '--seeds', '1', '--strengths', '1'], planJsonSchema);
    expect(plan.code).toBe(0);
    expect(plan.value).toMatchObject({ family: 'sdxl', runs: 2 * 5, folder: join(dir, 'comfy-plan') });
    expect(plan.value.checkpoints.map((c) => c.loraName)).toEqual(['maya_v1/maya_v1_000000500.safetensors', 'maya_v1/maya_v1.safetensors']);
  });

  it('failures are JSON too: no recorded run, nothing to plan, an unreadable project file', async () => {
    const none = await json(await project(false), ['list'], checkpointsFailureJsonSchema);
    expect(none.code).toBe(1);
    expect(none.value.message).toContain('no training run is recorded');
    expect(none.value.fix).toContain('--folder');
    const nothing = await json(await project(), ['plan'], checkpointsFailureJsonSchema);
    expect(nothing.value.message).toContain('no checkpoint to test');
    const broken = await tempDir();
    await writeFile(join(broken, 'lorapilot.yaml'), 'name: [unclosed\n');
    const bad = await json(broken, ['list'], projectFailureJsonSchema);
    expect(bad.code).toBe(1);
    expect(bad.value.problems.length).toBeGreaterThan(0);
  });
});
