import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject, loadProject } from '../../src/project/index.js';
import { guideDataset } from '../fixtures/configs/guide-dataset.js';
import { runInPty } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';

describe('Config step in a real terminal', () => {
  it('80×24: shows the step math, changes the model with the keyboard and saves the config', async () => {
    const dir = await tempDir();
    await guideDataset(join(dir, 'dataset'));
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const t = runInPty(['config'], { cwd: dir, cols: 80, rows: 24 });
    try {
      const screen = await t.waitForText('3,400 img/epoch');
      expect(screen.split('\n').length).toBeLessThanOrEqual(24);
      await t.waitForText('s save');
      t.write('\u001b[C'); // → next model
      await t.waitForText('Qwen-Image');
      t.write('s');
      await t.waitForText('wrote ai-toolkit.yaml');
      const yaml = await readFile(join(dir, 'ai-toolkit.yaml'), 'utf8');
      expect(yaml).toContain('arch: qwen_image');
      const p = await loadProject(dir);
      expect(p.ok && p.project.config.preset).toBe('qwen-image');
      t.write('q');
      expect((await t.exited).exitCode).toBe(0);
    } finally {
      t.kill();
    }
  });
});
