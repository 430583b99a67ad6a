import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CaptionsScreen } from '../../screens/captions/CaptionsScreen.js';
import { loadProject, type Project } from '../../src/project/index.js';
import { KEY, renderScreen } from '../helpers/render.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';
import { writeTinyModel } from '../fixtures/wd14/make-tiny-model.js';

const CAPTIONS: Record<string, string | null> = {
  '40_maya/a01.jpg': 'maya_char, portrait, smiling',
  '40_maya/a02.jpg': 'full body, maya_char, red dress',
  '40_maya/a03.jpg': 'closeup, blonde hair',
  '40_maya/a04.jpg': null,
  '40_maya/a05.jpg': 'maya_char, portrait, red dress',
  '20_maya_realbody/b01.jpg': 'maya_char, legs',
  '20_maya_realbody/b02.jpg': 'maya_char, realistic_body, torso',
};

async function project(): Promise<{ dir: string; project: Project }> {
  const dir = await tempDir('lorapilot-capscreen-');
  await writeFile(join(dir, 'lorapilot.yaml'), 'name: maya\ntrigger: maya_char\n');
  for (const [rel, caption] of Object.entries(CAPTIONS)) {
    const p = join(dir, 'dataset', rel);
    await mkdir(join(p, '..'), { recursive: true });
    await sharp({ create: { width: 32, height: 32, channels: 3, background: '#8080c0' } }).jpeg().toFile(p);
    if (caption !== null) await writeFile(p.replace('.jpg', '.txt'), caption);
  }
  const r = await loadProject(dir);
  if (!r.ok) throw new Error('bad project');
  return { dir, project: r.project };
}

const cap = (dir: string, rel: string) => readFile(join(dir, 'dataset', rel), 'utf8');

describe('Captions screen', () => {
  it('lists images with their status and opens at the image given by the Dataset screen', async () => {
    const { dir, project: p } = await project();
    const h = renderScreen(<CaptionsScreen />, { dir, project: p, params: { image: '40_maya/a03.jpg' } });
    const f = await h.waitForText('40_maya/a03.txt');
    expect(f).toMatch(/7 images · 4 with problems/);
    expect(f).toMatch(/trigger word maya_char missing/);
    h.unmount();
  });

  it('edits tags inline: add with completion, remove, reorder; Enter saves, u undoes, Esc cancels', async () => {
    const { dir, project: p } = await project();
    const h = renderScreen(<CaptionsScreen />, { dir, project: p, params: { image: '40_maya/a01.jpg' } });
    await h.waitForText('40_maya/a01.txt');
    await h.write('e');
    await h.waitForText('Editing 40_maya/a01.txt');
    await waitFor(() => h.keymap()?.textEntry === true);
    await h.write('red');
    await h.waitForText('tab: red dress');
    await h.write(KEY.tab);
    await h.write(','); // added after the selected (last) tag
    await h.write(KEY.up); // select "smiling"
    await h.write('\u0015'); // ctrl+u: move it up, before "portrait"
    await h.write(KEY.enter);
    await waitFor(async () => (await cap(dir, '40_maya/a01.txt')) === 'maya_char, smiling, portrait, red dress');
    await waitFor(() => h.keymap()?.textEntry === false);

    await h.write('e');
    await h.waitForText('Editing');
    await h.write(KEY.backspace); // removes the selected (last) tag
    await h.write(KEY.esc);
    await h.waitForText('Images');
    expect(await cap(dir, '40_maya/a01.txt')).toBe('maya_char, smiling, portrait, red dress');

    await h.write('u');
    await waitFor(async () => (await cap(dir, '40_maya/a01.txt')) === 'maya_char, portrait, smiling');
    await h.write('r');
    await waitFor(async () => (await cap(dir, '40_maya/a01.txt')) === 'maya_char, smiling, portrait, red dress');
    await h.waitForText('maya_char · smiling · portrait · red dress');

    // Plain-text editing: the caption as one line; the typed text is appended, Enter saves.
    await h.write('t');
    await h.waitForText('text › maya_char, smiling, portrait, red dress');
    await waitFor(() => h.keymap()?.textEntry === true);
    await h.write(', beach ,  beach');
    await h.write(KEY.enter);
    await waitFor(async () => (await cap(dir, '40_maya/a01.txt')) === 'maya_char, smiling, portrait, red dress, beach, beach');
    await h.waitForText('duplicate tags');
    h.unmount();
  });

  it('filters by problem, missing caption, folder and tag, and jumps to the next problem', async () => {
    const { dir, project: p } = await project();
    const h = renderScreen(<CaptionsScreen />, { dir, project: p });
    await h.waitForText('showing 7 (all)');
    await h.write('f');
    await h.waitForText('showing 4 (with problems)');
    await h.write('f');
    const missing = await h.waitForText('showing 1 (missing caption)');
    expect(missing).toContain('40_maya/a04.jpg');
    await h.write('f');
    await h.waitForText('showing 2 (trigger missing or late)');
    await h.write('f');
    await h.waitForText('showing 2 (folder 20_maya_realbody)');
    await h.write('/');
    await h.write('red dress');
    await h.write(KEY.enter);
    const tagged = await h.waitForText('showing 2 (has tag "red dress")');
    expect(tagged).toContain('40_maya/a05.jpg');
    expect(tagged).not.toContain('40_maya/a01.jpg');
    await h.write('f'); // back to all
    await h.waitForText('showing 7 (all)');
    await h.write('n');
    await h.waitForText('40_maya/a02.txt'); // first problem after a01
    await h.write('n');
    await h.waitForText('40_maya/a03.txt');
    h.unmount();
  });

  it('tag table marks every image with a tag; a bulk fix applies to the marked images and undoes in one step', async () => {
    const { dir, project: p } = await project();
    const h = renderScreen(<CaptionsScreen />, { dir, project: p });
    await h.waitForText('showing 7 (all)');
    await h.write('s');
    await h.waitForText('Tags in the dataset');
    await h.write(KEY.down); // portrait (2) or red dress (2): the table is by frequency
    const table = h.lastFrame();
    const chosen = /❯\s+\d+ (.+?)\s*│/.exec(table)?.[1];
    expect(['portrait', 'red dress']).toContain(chosen);
    await h.write(KEY.enter);
    await h.waitForText('2 marked');
    await h.write('b');
    await h.waitForText('Bulk fix · 2 marked images');
    for (let i = 0; i < 4; i++) await h.write(KEY.down); // Replace a tag…
    await h.write(KEY.enter);
    await h.waitForText('OLD => NEW');
    await h.write(`${chosen} => studio shot`);
    await h.write(KEY.enter);
    await waitFor(() => h.notifications.some((n) => /replace-tag .*: 2 captions changed/.test(n.message)));
    const changed = await Promise.all(['40_maya/a01.txt', '40_maya/a02.txt', '40_maya/a05.txt'].map((r) => cap(dir, r)));
    expect(changed.filter((c) => c.includes("studio shot")), JSON.stringify([changed, h.notifications])).toHaveLength(2);

    // Bulk on every listed image: trigger first everywhere, then one undo reverts all of it.
    await h.write('a'); // clear marks
    await h.write('f'); // back to all (from the tag filter)
    await h.waitForText('showing 7 (all)');
    await h.write('b');
    await h.write(KEY.enter); // ensure-trigger
    await waitFor(() => h.notifications.some((n) => /ensure-trigger: 2 captions changed/.test(n.message)));
    expect(await cap(dir, '40_maya/a03.txt')).toBe('maya_char, closeup, blonde hair');
    expect(await cap(dir, '40_maya/a02.txt')).toMatch(/^maya_char, full body/);
    await h.write('u');
    await waitFor(async () => (await cap(dir, '40_maya/a03.txt')) === 'closeup, blonde hair');
    expect(await cap(dir, '40_maya/a02.txt')).toMatch(/^full body, maya_char/);
    // The step's progress is recorded in the project file.
    expect((await readFile(join(dir, 'lorapilot.yaml'), 'utf8'))).toMatch(/captions:\n\s+status: attention/);
    h.unmount();
  });

  it('auto-tags the listed images with the remembered WD14 model, as one undoable step', async () => {
    const { dir } = await project();
    writeTinyModel(join(dir, 'wd14'));
    await writeFile(join(dir, 'lorapilot.yaml'), 'name: maya\ntrigger: maya_char\ncaptions:\n  tagger:\n    model: wd14\n    general: 0.6\n');
    const r = await loadProject(dir);
    if (!r.ok) throw new Error('bad project');
    const h = renderScreen(<CaptionsScreen />, { dir, project: r.project });
    await h.waitForText('showing 7 (all)');
    await h.write('f');
    await h.write('f');
    await h.waitForText('showing 1 (missing caption)');
    await h.write('T');
    await waitFor(() => h.notifications.some((n) => /auto-tag \(merge\): 1 caption changed/.test(n.message)));
    expect(await cap(dir, '40_maya/a04.txt')).toBe('maya_char, 1girl, long hair, ^_^');
    expect(await cap(dir, '40_maya/a01.txt')).toBe('maya_char, portrait, smiling'); // not listed: untouched
    await h.write('u');
    await waitFor(async () => !(await cap(dir, '40_maya/a04.txt').catch(() => null)));
    h.unmount();
  });

  it('fits 80×24 and narrow terminals', async () => {
    const { dir, project: p } = await project();
    for (const [width, height] of [
      [80, 20],
      [60, 20],
      [140, 40],
    ]) {
      const h = renderScreen(<CaptionsScreen />, { dir, project: p, width, height });
      const f = await h.waitForText('images ·');
      const lines = f.split('\n');
      expect(lines.length).toBeLessThanOrEqual(height);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
      h.unmount();
    }
  });
});
