import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigScreen } from '../../screens/config/ConfigScreen.js';
import { parse as parseYaml } from 'yaml';
import { createProject, loadProject } from '../../src/project/index.js';
import { runCli } from '../helpers/cli.js';
import { guideDataset } from '../fixtures/configs/guide-dataset.js';
import { KEY, renderScreen } from '../helpers/render.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

async function project() {
  const dir = await tempDir();
  await guideDataset(join(dir, 'dataset'));
  const p = await createProject(dir, { name: 'maya', trigger: 'maya_char' });
  return { dir, p };
}

function linesOf(frame: string): string[] {
  return frame.split('\n');
}

describe('Config screen', () => {
  it('shows the step math for the dataset and updates it live when a value changes', async () => {
    const { dir, p } = await project();
    const s = renderScreen(<ConfigScreen />, { dir, project: p, width: 100, height: 26 });
    await s.waitForText('3,400 img/epoch → 3,400 steps/epoch');
    expect(s.lastFrame()).toContain('FLUX.1-dev');
    expect(s.lastFrame()).toContain('save+sample every 340 · keep 9');
    // Resolution is the 7th field; → goes from [1024] to [768, 1024]: two copies of every image per epoch.
    for (let i = 0; i < 6; i++) await s.write(KEY.down);
    await s.write(KEY.right);
    await s.waitForText('6,800 img/epoch → 6,800 steps/epoch');
    s.unmount();
  });

  it('shows the auto run length the YAML gets: the same steps as lorapilot config build', async () => {
    const dir = await tempDir();
    // 11 images × 40 repeats = 440 steps per epoch: FLUX.1-dev's 2,000 steps round up to 5 epochs.
    await guideDataset(join(dir, 'dataset'), { character: 11, realbody: 0 });
    const p = await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const s = renderScreen(<ConfigScreen />, { dir, project: p, width: 100, height: 26 });
    const frame = await s.waitForText(/auto \([\d,]+ steps\)/);
    const shown = Number(/auto \(([\d,]+) steps\)/.exec(frame)![1].replace(/,/g, ''));
    s.unmount();
    const built = await runCli(['config', 'build', '--dry-run'], dir);
    const yaml = parseYaml(built.out) as { config: { process: Array<{ train: { steps: number } }> } };
    expect(shown).toBe(yaml.config.process[0].train.steps);
    expect(shown).toBe(2200);
    const printed = await runCli(['config', 'build'], dir);
    expect(printed.out).toContain('length auto (2,200 steps)');
  });

  it('changes the model preset with ←/→ and the VRAM note follows', async () => {
    const { dir, p } = await project();
    const s = renderScreen(<ConfigScreen />, { dir, project: p, width: 110, height: 26 });
    await s.waitForText('FLUX.1-dev');
    await s.write(KEY.right);
    await s.waitForText('Qwen-Image');
    await s.write(KEY.down); // GPU memory
    await s.write(KEY.right);
    await s.waitForText('VRAM 24 GB: needs uint3');
    await s.write('y');
    // The model block is below the first page of YAML: scroll to it.
    await s.write(KEY.pageDown);
    await s.write(KEY.pageDown);
    await s.waitForText('uint3|ostris/accuracy_recovery_adapters');
    s.unmount();
  });

  it('saves: writes ai-toolkit.yaml, records the choices and marks the step done', async () => {
    const { dir, p } = await project();
    const s = renderScreen(<ConfigScreen />, { dir, project: p, width: 100, height: 26 });
    await s.waitForText('3,400 img/epoch');
    await s.write('s');
    await waitFor(() => s.notifications.find((n) => n.message.includes('wrote ai-toolkit.yaml')));
    const yaml = await readFile(join(dir, 'ai-toolkit.yaml'), 'utf8');
    expect(yaml).toContain('linear_alpha: 16');
    const r = await loadProject(dir);
    expect(r.ok && r.project.config.file).toBe('ai-toolkit.yaml');
    expect(r.ok && r.project.progress.config?.status).toBe('done');
    expect(s.notifications.find((n) => n.message.includes('wrote ai-toolkit.yaml'))?.message).toContain('lint: no findings');
    s.unmount();
  });

  it('shows lint findings and tuning advice, and applies the config part on enter', async () => {
    const { dir, p } = await project();
    const s = renderScreen(<ConfigScreen />, { dir, project: p, width: 100, height: 26 });
    await s.waitForText('3,400 img/epoch');
    await s.write('f');
    await s.waitForText('no findings');
    await s.write('t');
    await s.waitForText('What do the samples show?');
    await s.write(KEY.down);
    await s.write(KEY.down); // background bleed
    await s.waitForText('reduce rank to 8-12: 16 → 12');
    await s.write(KEY.enter);
    await s.waitForText('12 (= rank)');
    const r = await waitFor(async () => {
      const l = await loadProject(dir);
      return l.ok && l.project.tuning.length > 0 ? l.project : null;
    });
    expect(r.tuning[0]).toMatchObject({ symptom: 'background-bleed' });
    s.unmount();
  });

  it('types an exact value: enter on Length, "8 epochs", enter', async () => {
    const { dir, p } = await project();
    const s = renderScreen(<ConfigScreen />, { dir, project: p, width: 100, height: 26 });
    await s.waitForText('3,400 img/epoch');
    for (let i = 0; i < 5; i++) await s.write(KEY.down);
    await s.write(KEY.enter);
    await waitFor(() => s.keymap()?.textEntry);
    for (const ch of '8 epochs') await s.write(ch);
    await s.waitForText('> 8 epochs');
    await s.write(KEY.enter);
    // 27,200 steps is 8× the guide's images × repeats (3,400): asked first.
    await s.waitForText("8× the guide's length");
    await s.write('y');
    await s.waitForText('27,200 steps = 8 epochs');
    await s.waitForText('save+sample every 3,400 · keep 7');
    // A bad value is refused with a message and the field stays in typing mode.
    await s.write(KEY.enter);
    for (const ch of 'lots') await s.write(ch);
    await s.write(KEY.enter);
    await waitFor(() => s.notifications.find((n) => n.message.includes("length takes '3400 steps' or '8 epochs'")));
    await s.write(KEY.esc);
    await s.waitForText('‹ 8 epochs ›');
    s.unmount();
  });

  it('shows the unit of a typed length, toggles it with tab, and asks before a run far past the guide', async () => {
    const { dir, p } = await project();
    const s = renderScreen(<ConfigScreen />, { dir, project: p, width: 100, height: 26 });
    await s.waitForText('3,400 img/epoch');
    for (let i = 0; i < 5; i++) await s.write(KEY.down);
    // the automatic length reads in steps, with the same length in epochs beside it
    await s.waitForText('‹ auto (3,400 steps) ›');
    expect(s.lastFrame()).toContain('3,400 steps = 1 epoch');
    await s.write(KEY.enter);
    await waitFor(() => s.keymap()?.textEntry);
    for (const ch of '300') await s.write(ch);
    await s.waitForText('> 300▏ steps');
    await s.write(KEY.enter);
    await s.waitForText('‹ 300 steps ›');
    await s.waitForText('300 steps = 0.09 epochs');
    expect(s.lastFrame()).not.toContain('Train that long?');
    // the same 300 read as ai-toolkit epochs is 1,020,000 steps: 300× the guide's 3,400
    await s.write(KEY.enter);
    for (const ch of '300') await s.write(ch);
    await s.write(KEY.tab);
    await s.waitForText('> 300▏ epochs');
    await s.write(KEY.enter);
    const asked = await s.waitForText("1,020,000 steps is 300× the guide's length");
    expect(asked).toContain('‹ 300 steps ›');
    await s.write('n');
    await s.waitForText('> 300▏ epochs');
    await s.write(KEY.esc);
    await s.waitForText('‹ 300 steps ›');
    s.unmount();
  });

  it('fits 80×24 and stacks below 80 columns without exceeding the height', async () => {
    const { dir, p } = await project();
    for (const [w, h] of [[80, 20], [60, 20], [140, 40]] as const) {
      const s = renderScreen(<ConfigScreen />, { dir, project: p, width: w, height: h });
      await s.waitForText('Model');
      const lines = linesOf(s.lastFrame());
      expect(lines.length).toBeLessThanOrEqual(h);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(w);
      s.unmount();
    }
  });

  it('publishes every key through the registry (footer and help)', async () => {
    const { dir, p } = await project();
    const s = renderScreen(<ConfigScreen />, { dir, project: p });
    await s.waitForText('Model');
    const ids = s.keymap()!.bindings.map((b) => b.id);
    expect(ids).toEqual(expect.arrayContaining(['config.save', 'config.tune', 'config.yaml', 'config.lint', 'config.lengthMode']));
    s.unmount();
  });
});
