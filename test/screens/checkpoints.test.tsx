import { open, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openIdentity } from '../../src/checkpoints/identity-service.js';
import { faceCachePath } from '../../src/faces/index.js';
import { describe, expect, it } from 'vitest';
import { CheckpointsScreen } from '../../screens/checkpoints/CheckpointsScreen.js';
import { createProject, loadProject, type Project } from '../../src/project/index.js';
import { KEY, renderScreen } from '../helpers/render.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';
import { makeFaceRun } from '../unit/checkpoints/face-run.js';
import { makeJobOutput } from '../unit/checkpoints/fixture.js';

async function setup(opts: { chosen?: number; marked?: number[] } = {}) {
  const dir = await tempDir();
  const job = await makeJobOutput(dir, { name: 'maya_v1', steps: [250, 500, 750], finalStep: 1000, prompts: 3, tensorBytes: 200_000, stepsPerEpoch: 250 });
  await createProject(dir, {
    name: 'maya_v1',
    trigger: 'maya_char',
    pod: { target: 'local' },
    job: { host: 'local', folder: join(dir, 'runs', '1'), name: 'maya_v1', config: 'config.yaml', log: 'run.log', output: job.folder },
    config: { steps: 1000, epochs: 4, preset: 'flux-dev' },
    checkpoints: { marked: opts.marked ?? [], scores: {}, ...(opts.chosen !== undefined ? { chosen: { step: opts.chosen, note: '', at: '2026-11-24T20:00:00Z' } } : {}) },
  });
  const r = await loadProject(dir);
  if (!r.ok) throw new Error('project');
  return { dir, job, project: r.project as Project };
}

const lines = (frame: string) => frame.split('\n');

describe('Checkpoints screen', () => {
  it('shows the table and the selected checkpoint’s samples, within 80×20', async () => {
    const { dir, project } = await setup();
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 80, height: 20 });
    const f = await h.waitForText('final 1000');
    expect(f).toContain('maya_v1 on local · 4 checkpoints · 3 prompts · 0 marked');
    expect(f).toMatch(/250\s+1\s+–\s+196 KB\s+run\s*$/m);
    await h.waitForText('prompt 1/3: maya_char, test prompt 1');
    // The selected checkpoint's samples are fetched into the project's cache (the identity check may fetch the others too).
    await waitFor(async () => (await readdir(join(dir, '.lorapilot', 'cache', 'samples')).catch(() => [])).filter((f) => f.includes('__000001000_')).length === 3, { timeout: 30_000 });
    const frame = h.lastFrame();
    expect(lines(frame).length).toBeLessThanOrEqual(20);
    expect(lines(frame).every((l) => l.length <= 80)).toBe(true);
    h.unmount();
  });

  it('opens on the last checkpoint in its first frame with the table: a key pressed at once never acts on the first row', async () => {
    const { dir, project } = await setup();
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 100, height: 28 });
    await h.waitForText('final 1000');
    const withTable = h.frames.filter((f) => f.includes('final 1000'));
    expect(withTable.length).toBeGreaterThan(0);
    for (const f of withTable) {
      expect(f).toMatch(/❯ [◆◇]\s+final 1000/);
      expect(f).not.toMatch(/❯ [◆◇]\s+250\s/);
    }
    h.unmount();
  });

  it('marks with space, compares two marked checkpoints, and records them in the project', async () => {
    const { dir, project } = await setup();
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 100, height: 28 });
    await h.waitForText('final 1000');
    await h.write(KEY.up); // 750
    await h.write(' ');
    await h.waitForText('1 marked');
    await h.write(KEY.up); // 500
    await h.write(' ');
    await h.waitForText('2 marked');
    expect((await loadProject(dir)).ok && ((await loadProject(dir)) as { project: Project }).project.checkpoints.marked).toEqual([500, 750]);
    await h.write(KEY.enter);
    await h.waitForText('step 500 · prompt 1/3');
    expect(h.lastFrame()).toContain('step 750 · prompt 1/3');
    await h.write(KEY.right);
    await h.waitForText('step 500 · prompt 2/3');
    expect(h.lastFrame()).toContain('prompt 2/3: maya_char, test prompt 2');
    await h.write(KEY.esc);
    await h.waitForText(/prompt 2\/3/);
    const saved = await readFile(join(dir, 'lorapilot.yaml'), 'utf8');
    expect(saved).toMatch(/status: attention/);
    h.unmount();
  });

  it('z shows one sample full screen with its prompt, seed and step; g lays out every checkpoint × prompt', async () => {
    const { dir, job, project } = await setup();
    // the run's config as ai-toolkit copies it, with a walking seed: prompt i draws with 42 + i
    const cfg = await readFile(join(job.folder, 'config.yaml'), 'utf8');
    await writeFile(join(job.folder, 'config.yaml'), cfg.replace('      sample:\n', '      sample:\n        seed: 42\n        walk_seed: true\n'));
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 100, height: 28 });
    await h.waitForText('final 1000');
    await h.write(KEY.up); // 750
    await h.write(KEY.right); // prompt 2
    await h.waitForText('prompt 2/3: maya_char, test prompt 2');
    await h.write('z');
    const view = await h.waitForText('seed 43');
    expect(view).toContain('prompt: maya_char, test prompt 2');
    expect(view).toMatch(/step 750 · prompt 2\/3 · seed 43 · \d+__000000750_1\.jpg/);
    // the image takes the screen: no table
    expect(view).not.toContain('final 1000');
    await h.write(KEY.right);
    await h.waitForText('seed 44');
    await h.write(KEY.esc);
    await h.waitForText('final 1000');
    // the grid: a row per checkpoint, a column per prompt with its text
    await h.write('g');
    const grid = await h.waitForText('· grid');
    for (const step of ['step 250', 'step 500', 'step 750']) expect(grid).toContain(step);
    for (const p of ['1: maya_char, test', '2: maya_char, test', '3: maya_char, test']) expect(grid).toContain(p);
    expect(lines(grid).length).toBeLessThanOrEqual(28);
    expect(lines(grid).every((l) => l.length <= 100)).toBe(true);
    // z from the grid opens the focused cell; esc comes back to the grid
    await h.write(KEY.up);
    await h.write('z');
    await h.waitForText(/step 500 · prompt 3\/3 · seed 44/);
    await h.write(KEY.esc);
    await h.waitForText('· grid');
    await h.write('g');
    await h.waitForText('final 1000');
    h.unmount();
  });

  it('chooses a checkpoint with a note typed in place (q and digits go into the note)', async () => {
    const { dir, project } = await setup();
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 100, height: 28 });
    await h.waitForText('final 1000');
    await h.write(KEY.up);
    await h.write('b');
    await h.waitForText('Choose step 750 — note:');
    // The keymap is published after the frame is drawn; typing must wait for it, or q would quit.
    await waitFor(() => h.keymap()?.textEntry === true, { describe: () => JSON.stringify(h.keymap()?.textEntry) });
    for (const ch of 'quiet 0.8x') await h.write(ch);
    await h.write(KEY.backspace);
    await h.write(KEY.enter);
    await h.waitForText('chosen 750');
    const r = await loadProject(dir);
    expect(r.ok && r.project.checkpoints.chosen).toMatchObject({ step: 750, note: 'quiet 0.8' });
    expect(r.ok && r.project.progress.checkpoints?.status).toBe('done');
    h.unmount();
  });

  it('scores the checklist with keys and shows the ranked summary', async () => {
    const { dir, project } = await setup({ marked: [500, 750] });
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 100, height: 28 });
    await h.waitForText('final 1000');
    await h.write(KEY.up); // 750
    await h.write('s');
    await h.waitForText('Score step 750');
    await h.write('4');
    await h.write('5');
    await h.write('3');
    await h.waitForText('3/5');
    await h.write(KEY.esc);
    await h.write(KEY.up); // 500
    await h.write('s');
    await h.write('3');
    await h.write('3');
    await h.write('3');
    await h.waitForText(/Prompt following\s+● ● ● ○ ○\s+3\/5/);
    await h.write(KEY.esc);
    await h.write('r');
    const f = await h.waitForText('#2');
    expect(f).toMatch(/#1\s+750\s+4\s+5\s+3\s+4\.00/);
    expect(f).toMatch(/#2\s+500\s+3\s+3\s+3\s+3\.00/);
    const r = await loadProject(dir);
    expect(r.ok && r.project.checkpoints.scores).toEqual({ '750': { face: 4, skin: 5, prompt: 3 }, '500': { face: 3, skin: 3, prompt: 3 } });
    h.unmount();
  });

  it('scores from keys sent in one write: s then 4 5 3 are three criteria', async () => {
    const { dir, project } = await setup({ marked: [500, 750] });
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 100, height: 28 });
    await h.waitForText('final 1000');
    await h.write(`${KEY.up}s453`);
    // Esc and a letter in one write read as Alt+letter, in a terminal as here: Esc goes on its own.
    await h.write(KEY.esc);
    await h.write('r');
    const f = await h.waitForText('#1');
    expect(f).toMatch(/#1\s+750\s+4\s+5\s+3\s+4\.00/);
    const { waitFor } = await import('../helpers/wait.js');
    await waitFor(async () => {
      const r = await loadProject(dir);
      return r.ok && JSON.stringify(r.project.checkpoints.scores) === JSON.stringify({ '750': { face: 4, skin: 5, prompt: 3 } });
    });
    h.unmount();
  });

  it('downloads the marked checkpoints with a progress line, then shows them as local', async () => {
    const { dir, project } = await setup({ marked: [250, 1000] });
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 100, height: 28 });
    await h.waitForText('final 1000');
    await h.write('d');
    await waitFor(() => h.notifications.find((n) => n.message.includes('downloaded 2 checkpoint')), { describe: () => JSON.stringify(h.notifications) });
    await h.waitForText(/250\s+1\s+–\s+196 KB\s+run\+loras/);
    expect((await readdir(join(dir, 'loras'))).sort()).toEqual(['maya_v1.safetensors', 'maya_v1_000000250.safetensors']);
    h.unmount();
  });

  it('says why a checkpoint broken on the pod cannot be downloaded, and offers no resume for it', async () => {
    const { dir, job, project } = await setup({ marked: [750] });
    // The run folder's checkpoint keeps its size, but its header's first key is now a terminal code, no tensor.
    const f = await open(join(job.folder, 'maya_v1_000000750.safetensors'), 'r+');
    const garbled = Buffer.from('{"\\u001b[2J');
    expect((await f.read(Buffer.alloc(garbled.length), 0, garbled.length, 8)).buffer.toString()).toBe('{"__metadat');
    await f.write(garbled, 0, garbled.length, 8);
    await f.close();
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 100, height: 28 });
    await h.waitForText('final 1000');
    await h.write('d');
    const n = await waitFor(() => h.notifications.find((x) => x.message.includes('not downloaded')), { describe: () => JSON.stringify(h.notifications) });
    expect(n.message).toMatch(/^1 of 1 not downloaded: maya_v1_000000750\.safetensors on the pod is not a valid checkpoint \(.+\), so it cannot be downloaded; pressing d again will not help\.$/);
    expect(n.message).toContain("(tensor 'a__' has no dtype/shape/data_offsets)");
    expect(n.message).not.toMatch(/resume/i);
    expect(await readdir(join(dir, 'loras')).catch(() => [])).toEqual([]);
    h.unmount();
  });

  it('acts on keys sent in one burst in order: moves twice, then marks the row it moved to', async () => {
    const { dir, project } = await setup();
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 100, height: 28 });
    await h.waitForText('final 1000');
    await h.write(KEY.up + KEY.up + ' ');
    await h.waitForText('1 marked');
    await waitFor(async () => {
      const r = await loadProject(dir);
      return r.ok && r.project.checkpoints.marked.join() === '500';
    });
    h.unmount();
  });

  it('publishes its keys for the footer and help, and says what to do when there is no run', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const r = await loadProject(dir);
    const h = renderScreen(<CheckpointsScreen />, { dir, project: r.ok ? r.project : null, width: 80, height: 20 });
    await h.waitForText('no training run is recorded');
    expect(h.lastFrame()).toContain('lorapilot train');
    expect(h.keymap()?.bindings.map((b) => b.id)).toEqual(expect.arrayContaining(['cp.mark', 'cp.compare', 'cp.download', 'cp.choose', 'cp.score']));
    h.unmount();
  });

  it('flags a checkpoint still being written and explains it in the findings pane', async () => {
    const { dir, job, project } = await setup();
    await truncate(join(job.folder, 'maya_v1_000000750.safetensors'), 500);
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 100, height: 28 });
    await h.waitForText('1 finding (f)');
    expect(h.lastFrame()).toMatch(/750.*500 B.*▲ tensors need/);
    await h.write('f');
    await h.waitForText('Wait for the save to finish');
    h.unmount();
  });

  it('stacks and still fits on a narrow terminal (60×16)', async () => {
    const { dir, project } = await setup({ marked: [500, 750] });
    const h = renderScreen(<CheckpointsScreen />, { dir, project, width: 60, height: 16 });
    await h.waitForText('final 1000');
    await h.write(KEY.enter);
    await h.waitForText('step 500 · prompt 1/3');
    const frame = h.lastFrame();
    expect(lines(frame).length).toBeLessThanOrEqual(16);
    expect(lines(frame).every((l) => l.length <= 60)).toBe(true);
    h.unmount();
  });
});

describe('Checkpoints ranking with identity', () => {
  it('ranks by measured identity consistency and the user’s mean together, both shown', { timeout: 120_000 }, async () => {
    const dir = await tempDir('lorapilot-ckrank-');
    await makeFaceRun(dir);
    const r = await loadProject(dir);
    if (!r.ok) throw new Error('project');
    // As after `lorapilot check`: the dataset's faces are scored and cached before a screen measures samples.
    const base = await openIdentity(r.project, dir);
    if (!base.ok) throw new Error(base.message);
    await base.scanner.close();
    expect(existsSync(faceCachePath(dir))).toBe(true);
    const h = renderScreen(<CheckpointsScreen />, { dir, project: r.project, width: 100, height: 28 });
    await h.waitForText('500');
    await h.write('r');
    // The user scored 500 higher (5.00 against 3.00); its samples show other people, so 250 ranks first.
    const f = await h.waitForText(/#2\s+500/, 100_000);
    expect(f).toContain('Ranking (identity consistency and your mean score)');
    expect(f).toContain('your scores weigh 50%');
    expect(f).toMatch(/#1\s+250\s+100%\s+3\.00\s+0\.75/);
    expect(f).toMatch(/#2\s+500\s+0%\s+5\.00\s+0\.50/);
    h.unmount();
  });
});
