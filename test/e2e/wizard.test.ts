import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/project/index.js';
import { runInPty } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';

describe('wizard in a real terminal', () => {
  it('opens on the alternate screen, shows help, switches steps and restores the terminal on quit', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const t = runInPty([], { cwd: dir, cols: 100, rows: 24 });
    try {
      const first = await t.waitForText('maya · maya_char');
      expect(first).toContain('1 Dataset');
      t.write('?');
      await t.waitForText('Jump to a step by number');
      t.write('\u001b');
      await t.waitForText('? help');
      t.write('q');
      const { exitCode } = await t.exited;
      expect(exitCode).toBe(0);
      expect(t.output()).toContain('\u001b[?1049h');
      expect(t.output()).toContain('\u001b[?1049l');
    } finally {
      t.kill();
    }
  });

  it('fits an 80x24 terminal without wrapping the header', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const t = runInPty([], { cwd: dir, cols: 80, rows: 24 });
    try {
      const screen = await t.waitForText('6 Chec');
      const lines = screen.split('\n');
      expect(lines[0]).toMatch(/1 Dataset.*6 Chec/);
      t.write('q');
      await t.exited;
    } finally {
      t.kill();
    }
  });
});
