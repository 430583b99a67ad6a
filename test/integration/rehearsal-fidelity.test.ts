import { execFileSync, spawn } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../src/training/parser.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { tempDir } from '../helpers/tmp.js';

/** The trainer with `-l log.txt`: stdout and stderr in one file, in the order they were written. */
function train(cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve) => {
    const p = spawn('python3', [join(REHEARSAL_DIR, 'run.py'), 'config.yaml', '-l', 'log.txt'], { cwd, env: { ...process.env, REHEARSAL_STEP_SECONDS: '0.01', ...env }, stdio: 'ignore' });
    p.on('close', (code) => void readFile(join(cwd, 'log.txt'), 'utf8').then((log) => resolve({ code, log })));
  });
}

async function project(edit: (config: string) => string = (c) => c, opts: { steps?: number; saveEvery?: number } = {}) {
  const dir = await tempDir('lorapilot-fidelity-');
  const p = await makePodProject(dir, { steps: opts.steps ?? 12, saveEvery: opts.saveEvery ?? 5 });
  await writeFile(p.configPath, edit(await readFile(p.configPath, 'utf8')));
  return dir;
}

const dbLosses = (dir: string) =>
  execFileSync('python3', ['-c', "import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);print('\\n'.join('%d %.3e' % r for r in c.execute(\"select step,value_real from metrics where key='loss/loss' order by step\")))", join(dir, 'output', 'maya_v1', 'loss_log.db')])
    .toString()
    .trim()
    .split('\n')
    .map((l) => [Number(l.split(' ')[0]), Number(l.split(' ')[1])]);

describe('the rehearsal trainer as ai-toolkit 27a03a91 prints and saves', () => {
  it('draws the loss, then saves, then advances the bar; the monitor reconciles with loss_log.db on both bar numberings', async () => {
    for (const update of ['current', 'legacy']) {
      const dir = await project();
      const r = await train(dir, update === 'legacy' ? { REHEARSAL_UPDATE: 'legacy' } : {});
      expect(r.code).toBe(0);
      const before = r.log.slice(0, r.log.indexOf('Saving at step 5')).split('\r').at(-1)!;
      expect(before, update).toMatch(update === 'legacy' ? /\| 4\/12 / : /\| 5\/12 /);
      // loss_log.db has every step but the first; the console has every step
      const console = parseLog(r.log).flatMap((e) => (e.type === 'loss' ? [[e.step, e.loss]] : []));
      expect(console.map(([s]) => s), update).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(console.slice(1), update).toEqual(dbLosses(dir));
    }
  });

  it('flux (a StableDiffusion-class model) samples behind "Generating Images" nested under the bar; qwen_image behind "Generating Samples"', async () => {
    const flux = await train(await project());
    expect(flux.log).toMatch(/\n\rGenerating Images: +\d+%\|[^\n]*\x1b\[A/);
    expect(flux.log).not.toContain('Generating Samples');
    const qwen = await train(await project((c) => c.replace('arch: flux', 'arch: qwen_image').replace('black-forest-labs/FLUX.1-dev', 'Qwen/Qwen-Image')));
    expect(qwen.log).toContain('\rGenerating Samples: 100%');
    expect(qwen.log).not.toContain('Generating Images');
    expect(parseLog(qwen.log).filter((e) => e.type === 'loss')).toHaveLength(12);
    expect(parseLog(flux.log).filter((e) => e.type === 'loss')).toHaveLength(12);
  });

  it("keeps ai-toolkit's defaults: a save every 1000 steps, the newest 5 kept, cleaned up after every save", async () => {
    const only = await project((c) => c.replace(/      save:\n.*\n.*\n/, ''));
    const r = await train(only);
    expect(r.log).not.toContain('Saving at step');
    expect((await readdir(join(only, 'output', 'maya_v1'))).filter((f) => f.endsWith('.safetensors'))).toEqual(['maya_v1.safetensors']);
    const many = await project((c) => c.replace('        max_step_saves_to_keep: 4\n', ''), { steps: 16, saveEvery: 2 });
    const m = await train(many);
    expect(m.log.match(/Removing old save: \S+_0000000(\d\d)\.safetensors/g)?.map((l) => Number(l.slice(-14, -12)))).toEqual([2, 4]);
  });

  it('an OOM step still saves and samples; `CUDA error: out of memory` is fatal', async () => {
    const oom = await train(await project(), { REHEARSAL_SCENARIO: 'oom', REHEARSAL_AT: '5' });
    expect(oom.code).toBe(0);
    expect(oom.log.indexOf('skipping batch 1/3')).toBeLessThan(oom.log.indexOf('Saving at step 5'));
    expect(oom.log.indexOf('skipping batch 1/3')).toBeGreaterThan(0);
    const fatal = await train(await project(), { REHEARSAL_SCENARIO: 'cuda-oom', REHEARSAL_AT: '5' });
    expect(fatal.code).toBe(1);
    expect(fatal.log).toContain('Error running job: CUDA error: out of memory');
    expect(fatal.log.match(/Traceback \(most recent call last\)/g)).toHaveLength(1);
  });

  it('train.disable_sampling turns sampling off; quantize and latent-cache lines only when on', async () => {
    const dir = await project((c) => c.replace('        batch_size: 1\n', '        batch_size: 1\n        disable_sampling: true\n'));
    const r = await train(dir);
    expect(r.log).toContain('Skipping first sample due to config setting');
    expect(r.log).not.toMatch(/Generating (Images|Samples)|Caching latents|Quantizing/);
    const on = await train(await project((c) => c.replace('        arch: flux\n', '        arch: flux\n        quantize: true\n').replace('          resolution: [512]\n', '          resolution: [512]\n          cache_latents_to_disk: true\n')));
    expect(on.log).toContain('Quantizing transformer');
    expect(on.log).toContain('Caching latents for dataset/10_maya\n - Saving latents to disk');
  });

  it('prints the dataset scan before an empty dataset fails', async () => {
    const dir = await project();
    await rm(join(dir, 'dataset', '10_maya'), { recursive: true });
    const r = await train(dir);
    expect(r.code).toBe(1);
    expect(r.log).toMatch(/Dataset: dataset\/10_maya\n {2}- {2}Preprocessing image dimensions\n[\s\S]*? {2}- {2}Found 0 images\nError running job: no images found in dataset\/10_maya/);
  });

  it("writes the model class's base version, the trigger's tag frequency and the config's meta: block in the header", async () => {
    const dir = await project((c) => c.replace('job: extension\n', 'job: extension\nmeta:\n  name: "[name]"\n  version: "1.0"\n').replace('    - type: sd_trainer\n', '    - type: sd_trainer\n      trigger_word: maya\n'));
    expect((await train(dir)).code).toBe(0);
    const st = await readFile(join(dir, 'output', 'maya_v1', 'maya_v1.safetensors'));
    const meta = (JSON.parse(st.subarray(8, 8 + Number(st.readBigUInt64LE(0))).toString()) as { __metadata__: Record<string, string> }).__metadata__;
    expect(meta).toMatchObject({ name: 'maya_v1', version: '1.0', ss_base_model_version: 'flux.1', ss_output_name: 'maya_v1', format: 'pt' });
    expect(JSON.parse(meta.ss_tag_frequency)).toEqual({ '1_maya': { maya: 1 } });
  });
});
