import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MonitorScreen } from '../../screens/monitor/MonitorScreen.js';
import { sampleFileName } from '../../src/ai-toolkit/names.js';
import { KEY, renderScreen } from '../helpers/render.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const FIX = join(import.meta.dirname, '../fixtures/logs');
const ASSETS = join(import.meta.dirname, '../../rehearsal/ai-toolkit/assets');

/** An ai-toolkit job folder as the UI leaves it: log.txt, samples/ (reference §2). */
async function jobFolder(fixture: string, sampleSteps: number[] = []) {
  const dir = await tempDir('lorapilot-monscreen-');
  const job = join(dir, 'output', 'maya_char_v1');
  await mkdir(join(job, 'samples'), { recursive: true });
  await copyFile(join(FIX, fixture), join(job, 'log.txt'));
  let t = 1724085406830;
  for (const step of sampleSteps) for (const i of [0, 1]) await copyFile(join(ASSETS, `sample-0${i}.jpg`), join(job, 'samples', sampleFileName(t++, step, i)));
  return { dir, log: join(job, 'log.txt') };
}

function fits(frame: string, width: number, height: number) {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
}

describe('Monitor screen', () => {
  it('replays a run: header, whole-run chart with checkpoint marks, samples, red flags', async () => {
    const { dir, log } = await jobFolder('qwen-run.txt', [0, 20, 40, 60]);
    const h = renderScreen(<MonitorScreen />, { dir, project: null, params: { replay: log, follow: false }, width: 100, height: 34 });
    const f = await h.waitForText('finished');
    expect(f).toContain('maya_char_v1');
    expect(f).toContain('step 60/60 (100%)');
    expect(f).toContain('Loss · whole run');
    expect(f).toMatch(/◆/);
    expect(f).toContain('step 0');
    expect(f).toContain('step 59');
    await h.waitForText('Samples · step 60 (4/4) · latest');
    expect(f).toContain('no red flags');
    fits(h.lastFrame(), 100, 34);
    // ← goes back through the sample steps, end returns to the latest
    await h.write(KEY.left);
    await h.waitForText('Samples · step 40 (3/4)');
    await h.write(KEY.left);
    await h.waitForText('Samples · step 20 (2/4)');
    // zoom to the last steps, pause, log lines
    // zoom offers only spans that fit a 60-step run
    await h.write('z');
    await h.waitForText('Loss · last 20 steps');
    expect(h.lastFrame()).not.toContain('5,000');
    await h.write('z');
    await h.waitForText('Loss · whole run');
    await h.write('f');
    await h.waitForText('PAUSED');
    await h.write('l');
    await h.waitForText('Log (l: samples)');
    expect(h.lastFrame()).toContain('Saved optimizer to output/');
    // a replay cannot be stopped; c opens the checkpoints
    expect(h.keymap()!.bindings.find((b) => b.id === 'monitor.stop')?.enabled).toBe(false);
    await h.write('s');
    expect(h.lastFrame()).not.toContain('Stop the training now?');
    await h.write('c');
    expect(h.navigations).toEqual([{ step: 'checkpoints', params: {} }]);
    h.unmount();
  });

  it('shows red flags with the guide advice, and the error of a failed run', async () => {
    const { dir, log } = await jobFolder('crash.txt');
    const h = renderScreen(<MonitorScreen />, { dir, project: null, params: { replay: log, follow: false }, width: 100, height: 30 });
    const f = await h.waitForText('failed');
    // the headline wraps whole in the side pane
    expect(f).toMatch(/OOM during training step 3[\s│]*times in a row/);
    expect(f).toMatch(/Red flags \(\d\)/);
    fits(f, 100, 30);
    h.unmount();
  });

  it('fits 80×24 and stacks below 80 columns', async () => {
    const { dir, log } = await jobFolder('oom-nan.txt');
    for (const [w, hgt] of [
      [80, 20],
      [60, 20],
    ] as const) {
      const h = renderScreen(<MonitorScreen />, { dir, project: null, params: { replay: log, follow: false }, width: w, height: hgt });
      const f = await h.waitForText('loss is NaN');
      expect(f).toContain('Red flags');
      fits(f, w, hgt);
      h.unmount();
    }
  });

  it('gives the chart the height at 80×24 and 60×20, and g switches it to a log scale', async () => {
    const { dir, log } = await jobFolder('qwen-run.txt', [20, 40]);
    const plotRowsIn = (frame: string) => frame.split('\n').filter((l) => /^│ [ \d.]+[┤│]/.test(l)).length;
    for (const [w, hgt, min] of [
      [80, 20, 10],
      [60, 16, 7],
    ] as const) {
      const h = renderScreen(<MonitorScreen />, { dir, project: null, params: { replay: log, follow: false }, width: w, height: hgt });
      const f = await h.waitForText('finished');
      expect(plotRowsIn(f)).toBeGreaterThanOrEqual(min);
      expect(f).toContain('step 0');
      fits(f, w, hgt);
      await h.write('g');
      await h.waitForText('Loss · whole run · log');
      h.unmount();
    }
  });

  it('puts each prompt under its sample; enter shows the samples full screen with prompt, seed and step, and draws nothing but text in blocks mode', async () => {
    const { dir, log } = await jobFolder('qwen-run.txt', [20, 40]);
    // ai-toolkit's copy of the config in the job folder: the prompts and a walking seed (reference §2)
    await writeFile(
      join(dirname(log), 'config.yaml'),
      'job: extension\nconfig:\n  name: maya_char_v1\n  process:\n    - type: sd_trainer\n      sample:\n        seed: 7\n        walk_seed: true\n        prompts:\n          - "maya_char, portrait"\n          - "maya_char \u001b]0;pwned\u0007red\u000e, beach"\n',
    );
    const h = renderScreen(<MonitorScreen />, { dir, project: null, params: { replay: log, follow: false }, width: 120, height: 36 });
    // under each of the two side-by-side samples, its prompt as far as the cell is wide
    await h.waitForText(/prompt 1: maya_char.*prompt 2: maya_char/);
    await h.write(KEY.enter);
    const view = await h.waitForText('seed 7');
    expect(view).toContain('prompt: maya_char, portrait');
    expect(view).toMatch(/step 40 · prompt 1 · seed 7/);
    expect(view).not.toContain('Red flags');
    await h.write(KEY.right);
    const second = await h.waitForText(/step 40 · prompt 2 · seed 8/);
    // a prompt from a file reaches the screen without its escape codes
    expect(second).toContain('prompt: maya_char red, beach');
    expect(second).not.toMatch(/pwned|\u000e/);
    await h.write(KEY.esc);
    await h.waitForText('Red flags');
    // half blocks only: no image protocol escape was written
    for (const fr of h.frames) expect(fr).not.toMatch(/\u001b_G|\u001b\]1337;File=|\u001bPq/);
    h.unmount();
  });

  it('words step, epoch and clock as the piped monitor does', async () => {
    const { dir, log } = await jobFolder('qwen-run.txt');
    const h = renderScreen(<MonitorScreen />, { dir, project: null, params: { replay: log, follow: false, epochSteps: 20 }, width: 120, height: 30 });
    const f = await h.waitForText('finished');
    // a run that ended has no time left to estimate
    expect(f).toMatch(/step 60\/60 \(100%\) · epoch 3\.0 of 3 · .* · elapsed \d\d:\d\d · VRAM —/);
    expect(f).not.toContain('ETA');
    h.unmount();
  });

  it('says how to start when the project has no run', async () => {
    const dir = await tempDir('lorapilot-monscreen-');
    const h = renderScreen(<MonitorScreen />, { dir, project: null, width: 80, height: 20 });
    await h.waitForText('No training run yet.');
    expect(h.lastFrame()).toContain('lorapilot monitor --replay FILE');
    h.unmount();
  });
});

describe('Monitor screen on a launched run', () => {
  it('s asks first, n keeps training, y stops it cleanly', async () => {
    const { makePodProject, REHEARSAL_DIR } = await import('../helpers/pod-project.js');
    const { readFile, writeFile } = await import('node:fs/promises');
    const { loadProject } = await import('../../src/project/index.js');
    const { trainProject } = await import('../../src/pod/pod-service.js');
    const { LocalTarget } = await import('../../src/remote/local-target.js');
    const dir = await tempDir('lorapilot-monstop-');
    await makePodProject(dir, { steps: 3000, saveEvery: 500 });
    const y = await readFile(join(dir, 'lorapilot.yaml'), 'utf8');
    await writeFile(join(dir, 'lorapilot.yaml'), `${y}demo: true\npod:\n  target: local\n  root: ${dir}/pod\n  aiToolkit: ${REHEARSAL_DIR}\n`);
    const before = await loadProject(dir);
    if (!before.ok) throw new Error('project');
    await trainProject({ dir, project: before.project, target: new LocalTarget(), env: { ...process.env, REHEARSAL_STEP_SECONDS: '0.05' }, force: true });
    const after = await loadProject(dir);
    if (!after.ok) throw new Error('project');
    const h = renderScreen(<MonitorScreen />, { dir, project: after.project, width: 100, height: 30 });
    await h.waitForText('REHEARSAL', 20_000);
    await h.waitForText('● training', 20_000);
    await h.write('s');
    await h.waitForText('Stop the training now?');
    await h.write('n');
    await h.waitForText('● training');
    expect(h.lastFrame()).not.toContain('Stop the training now?');
    await h.write('s');
    await h.waitForText('Stop the training now?');
    await h.write('y');
    await h.waitForText('■ stopped', 30_000);
    await waitFor(() => h.notifications.find((n) => n.message.startsWith('Stopped: ai-toolkit exited with code 0')));
    h.unmount();
  }, 60_000);
});
