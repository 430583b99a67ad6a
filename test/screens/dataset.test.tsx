import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetScreen } from '../../screens/dataset/DatasetScreen.js';
import { followSelection } from '../../screens/dataset/findings-view.js';
import type { Finding } from '../../src/dataset/finding.js';
import { generateDemoDataset } from '../../src/dataset/demo.js';
import { createProject, loadProject, type Project } from '../../src/project/index.js';
import { KEY, renderScreen } from '../helpers/render.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

let dir: string;
let project: Project;

beforeAll(async () => {
  dir = await tempDir();
  await createProject(dir, { name: 'maya', trigger: 'maya_char' });
  await generateDemoDataset(dir, { name: 'maya', trigger: 'maya_char' });
  const r = await loadProject(dir);
  if (!r.ok) throw new Error('demo project did not load');
  project = r.project;
});

const fits = (frame: string, width: number, height: number) => {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(height);
  for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(width);
};

describe('Dataset screen', () => {
  it('summarises the dataset, navigates findings by severity, previews the image with its caption and opens Captions there', async () => {
    const s = renderScreen(<DatasetScreen />, { dir, project, width: 100, height: 30 });
    try {
      const first = await s.waitForText('not ready: 8 errors');
      expect(first).toMatch(/40_maya\s+character\s+█+░+\s+32\/70 × 40 = 1,280/);
      expect(first).toContain('per epoch 1,480/3,400');
      expect(first).toContain('✖ Errors (8)');
      expect(first).toContain('❯ caption.missing  img017.jpg');
      expect(first).toContain('Findings 1/43');
      // The detail pane: message, fix, and "no caption" for the missing one.
      await s.waitForText('no caption file');

      await s.write('j');
      await s.waitForText('❯ caption.not-utf8  img013.jpg');
      await s.waitForText('Findings 2/43');
      await s.write(KEY.down);
      await s.waitForText('Findings 3/43');
      await s.write(KEY.up);
      await s.waitForText('Findings 2/43');

      // tab jumps to the first warning: the BOM caption; its caption text shows under the preview.
      await s.write(KEY.tab);
      await s.waitForText('❯ caption.bom  img004.jpg');
      await s.waitForText('→ save without BOM');
      await s.waitForText(/maya_char, closeup/);

      // Enlarge the preview: the image is drawn (half blocks) fitted to the pane.
      await s.write(' ');
      const zoomed = await s.waitForText('Preview · 40_maya/img004.jpg');
      expect(zoomed).not.toContain('Findings');
      const drawn = await waitFor(() => (s.lastFrame().split('\n').filter((l) => l.includes('▄▄▄▄')).length > 10 ? s.lastFrame() : ''));
      fits(drawn, 100, 30);
      await s.write(KEY.esc);
      await s.waitForText('Findings 9/43');
      // z enlarges it too, as on the Monitor and Checkpoints samples
      await s.write('z');
      await s.waitForText('Preview · 40_maya/img004.jpg');
      await s.write('z');
      await s.waitForText('Findings 9/43');

      // Enter opens the Captions step at that image.
      await s.write(KEY.enter);
      expect(s.navigations).toEqual([{ step: 'captions', params: { image: '40_maya/img004.jpg' } }]);

      // The registry drives the footer and help.
      const ids = s.keymap()!.bindings.map((b) => b.id);
      expect(ids).toEqual(expect.arrayContaining(['findings.down', 'findings.group', 'dataset.preview', 'dataset.captions', 'dataset.rerun']));

      // Re-check runs the service again and the selection survives as an index.
      await s.write('r');
      expect(s.notifications.at(-1)?.message).toContain('checking the dataset again');
      await s.waitForText('not ready: 8 errors');

      // The conclusion is recorded in the project once the check ends, its face pass included.
      const p = await waitFor(
        async () => {
          const r = await loadProject(dir);
          return r.ok && r.project.progress.dataset ? r.project.progress.dataset : null;
        },
        { timeout: 50_000, describe: () => s.lastFrame() },
      );
      expect(p.status).toBe('attention');
    } finally {
      s.unmount();
    }
  }, 60_000);

  it('duplicates: ←/→ shows each image of the finding; a broken image explains itself', async () => {
    const s = renderScreen(<DatasetScreen />, { dir, project, width: 100, height: 30 });
    try {
      await s.waitForText('Findings 1/43');
      // Walk down to the exact-duplicate finding.
      for (let i = 0; i < 43 && !s.lastFrame().includes('❯ image.duplicate'); i++) await s.write('j');
      await s.waitForText('40_maya/img003.jpg  (1/2, ←/→)');
      await s.write(KEY.right);
      await s.waitForText('40_maya/img019.jpg  (2/2, ←/→)');
      // The decompression bomb is refused by the preview too, with a reason.
      await s.write('g');
      for (let i = 0; i < 43 && !s.lastFrame().includes('❯ image.oversized'); i++) await s.write('j');
      await s.waitForText('cannot preview');
    } finally {
      s.unmount();
    }
  }, 60_000);

  it('fits 80×24 (a 80×20 body) and a narrow 60-column terminal', async () => {
    for (const [width, height] of [
      [80, 20],
      [60, 20],
    ]) {
      const s = renderScreen(<DatasetScreen />, { dir, project, width, height });
      try {
        await s.waitForText('Findings 1/43');
        await waitFor(() => s.lastFrame().includes('▄'));
        fits(s.lastFrame(), width, height);
      } finally {
        s.unmount();
      }
    }
  }, 60_000);

  it("checks the folder lorapilot check would: the project's dataset from lorapilot.yaml, else the folder itself", async () => {
    const other = await tempDir();
    await createProject(other, { name: 'nova', trigger: 'nova_char', dataset: 'pics' });
    for (const [folder, file] of [
      ['pics/40_nova', 'a.jpg'],
      ['dataset/40_decoy', 'b.jpg'],
    ]) {
      await mkdir(join(other, folder), { recursive: true });
      await writeFile(join(other, folder, file), Buffer.alloc(0));
    }
    const r = await loadProject(other);
    if (!r.ok) throw new Error('project did not load');
    const s = renderScreen(<DatasetScreen />, { dir: other, project: r.project, width: 100, height: 30 });
    try {
      const frame = await s.waitForText(/40_nova\s+character/);
      expect(frame).not.toContain('40_decoy');
    } finally {
      s.unmount();
    }
    // Without a project the folder itself is the dataset, even next to a dataset/ folder.
    const bareDir = await tempDir();
    for (const [folder, file] of [
      ['40_here', 'a.jpg'],
      ['dataset/40_decoy', 'b.jpg'],
    ]) {
      await mkdir(join(bareDir, folder), { recursive: true });
      await writeFile(join(bareDir, folder, file), Buffer.alloc(0));
    }
    const bare = renderScreen(<DatasetScreen />, { dir: bareDir, project: null, width: 100, height: 30 });
    try {
      const frame = await bare.waitForText(/40_here\s+character/);
      expect(frame).not.toContain('40_decoy');
    } finally {
      bare.unmount();
    }
  }, 60_000);
});

describe('the findings list while the check adds to it', () => {
  const f = (rule: string, file: string): Finding => ({ rule, severity: 'error', message: rule, files: [file] }) as Finding;
  it('keeps the selection on the finding it was on, else on the same row', () => {
    const fast = [f('caption.missing', 'a.jpg'), f('caption.not-utf8', 'b.jpg'), f('caption.bom', 'c.jpg')];
    // the decode pass finds two corrupt images, sorted among the errors before the selected one
    const decoded = [f('image.corrupt', 'x.jpg'), f('image.corrupt', 'y.jpg'), ...fast];
    expect(followSelection(fast, decoded, 1)).toBe(3);
    expect(decoded[followSelection(fast, decoded, 1)].files[0]).toBe('b.jpg');
    // a finding that went away (fixed meanwhile): the same row, within the list
    expect(followSelection(fast, [f('caption.bom', 'c.jpg')], 1)).toBe(0);
    expect(followSelection([], decoded, 0)).toBe(0);
  });
});
