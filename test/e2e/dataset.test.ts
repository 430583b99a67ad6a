import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../src/dataset/demo.js';
import { createProject, loadProject } from '../../src/project/index.js';
import { runInPty } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';
import { portrait, put, variants } from '../unit/faces/photos.js';

describe('Dataset step in a real terminal', () => {
  it('opens on the demo project, lists findings by severity with a preview, jumps to Captions and records progress', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    await generateDemoDataset(dir, { name: 'maya', trigger: 'maya_char' });
    const t = runInPty([], { cwd: dir, cols: 100, rows: 30 });
    try {
      const screen = await t.waitForText('not ready: 8 errors', 30_000);
      expect(screen).toMatch(/40_maya\s+character/);
      expect(screen).toMatch(/20_maya_realbody\s+real body/);
      expect(screen).toContain('✖ Errors (8)');
      expect(screen).toContain('❯ caption.missing  img017.jpg');
      // The footer comes from the screen's registry.
      expect(screen).toMatch(/tab next group/);

      // Half-block preview of the selected image appears in the detail pane.
      await t.waitForText('▄▄▄▄', 30_000);
      t.write('\t');
      await t.waitForText('❯ caption.bom  img004.jpg', 30_000);
      await t.waitForText('maya_char, closeup', 30_000);

      // The header mark follows the recorded progress (attention: errors remain).
      await waitFor(async () => {
        const r = await loadProject(dir);
        return r.ok && r.project.progress.dataset?.status === 'attention';
      }, { timeout: 30_000 });

      // Enter leaves the Dataset step for the Captions step.
      t.write('\r');
      await waitFor(() => !t.screen().includes('Findings 9/43') && t.screen().includes('Captions'), { timeout: 30_000, describe: t.screen });
      t.write('q');
      const { exitCode } = await t.exited;
      expect(exitCode).toBe(0);
    } finally {
      t.kill();
    }
  }, 120_000);

  it('checks the faces of a real-photo dataset on its scoring thread, from the built bundle', { timeout: 120_000 }, async () => {
    const dir = await tempDir('lorapilot-e2e-faces-');
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const folder = join(dir, 'dataset', '40_maya');
    const maya = await portrait('maya');
    const v = await variants(maya);
    for (const [name, data] of Object.entries({ 'maya.jpg': maya, 'flip.jpg': v.flip, 'bright.jpg': v.brighter, 'stranger.jpg': await portrait('b') })) {
      await put(join(folder, name), data);
      await writeFile(join(folder, name.replace('.jpg', '.txt')), 'maya_char, portrait, smiling');
    }
    const t = runInPty([], { cwd: dir, cols: 110, rows: 30 });
    try {
      // The wizard scores on a thread of its own (dist/bin/face-worker.js), and the finding names the stranger.
      await t.waitForText('faces.different-person', 90_000);
      expect(t.screen()).toContain('stranger.jpg');
      await waitFor(() => existsSync(join(dir, '.lorapilot', 'faces.json')), { timeout: 30_000 });
      t.write('q');
      const { exitCode } = await t.exited;
      expect(exitCode).toBe(0);
    } finally {
      t.kill();
    }
  });
});
