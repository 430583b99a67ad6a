import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../src/dataset/demo.js';
import { createProject, loadProject } from '../../src/project/index.js';
import { runInPty } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

describe('wizard in a real terminal', () => {
  it('opens on the alternate screen, shows help, switches steps and restores the terminal on quit', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const t = runInPty([], { cwd: dir, cols: 100, rows: 24 });
    try {
      const first = await t.waitForText('maya · maya_char');
      expect(first).toContain('1 Dataset');
      t.write('?');
      await t.waitForText('Keys — Dataset');
      // The app's keys come after the screen's: scrolled to the end of the help.
      t.write('G');
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

describe('typing in a real terminal', () => {
  it('takes a pasted caption whole into the text editor (bracketed paste), not as keys', { timeout: 90_000 }, async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    await generateDemoDataset(dir, { name: 'maya', trigger: 'maya_char' });
    const t = runInPty(['captions'], { cwd: dir, cols: 100, rows: 30 });
    try {
      await t.waitForText('images ·', 30_000);
      t.write('t');
      await t.waitForText('enter saves');
      // j, q and ? in a paste are text; a line break in it becomes a space.
      t.write('\u001b[200~ red hair,\nsmiling jjq?\u001b[201~');
      await t.waitForText('red hair, smiling jjq?');
      expect(t.output()).toContain('\u001b[?2004h');
      t.write('\u001b');
      await t.waitForText('edit tags');
      t.write('q');
      expect((await t.exited).exitCode).toBe(0);
      expect(t.output()).toContain('\u001b[?2004l');
    } finally {
      t.kill();
    }
  });
});

describe('the demo journey with keys in bursts', () => {
  /**
   * Dataset, Captions, Config, Pod, Monitor, Checkpoints and back to Captions, moving on each; then quit.
   * `ready`: what the step shows once it has its data; keys sent before that would move an empty list, for
   * a person as for this test, so both runs wait for it (a step that asks for keys only when ready holds
   * the keys sent with the key that opened it).
   */
  const STEPS: Array<{ open: string; ready?: string | RegExp; keys: string }> = [
    { open: '1', ready: 'Findings 1/', keys: 'jjjj' },
    { open: '2', keys: 'jjj' },
    { open: '3', keys: 'jj' },
    { open: '4', keys: '' },
    { open: '5', keys: '' },
    { open: '6', keys: '' },
    { open: '2', keys: 'j' },
  ];

  async function journey(dir: string, bursts: boolean): Promise<{ record: unknown; resumed: string }> {
    const t = runInPty([], { cwd: dir, cols: 100, rows: 30 });
    // Ready, and done adding to the list: the Dataset check's decode and face passes insert findings as they go, so keys
    // sent while it runs would land on rows that move (in both runs alike, but at different moments).
    const settled = async (ready: string | RegExp) => {
      await t.waitForText(ready, 30_000);
      await waitFor(() => !/decoding images|scoring faces/.test(t.screen()), { timeout: 60_000, describe: t.screen });
    };
    try {
      await t.waitForText('q/^C quit', 30_000);
      for (const step of STEPS) {
        if (bursts) {
          // The key that opens the step and the step's keys in one write, unless the data must be there first.
          if (step.ready) {
            t.write(step.open);
            await settled(step.ready);
            t.write(step.keys);
          } else t.write(step.open + step.keys);
          continue;
        }
        // One key per write, each once the screen shows what the one before it did.
        for (const [i, key] of [...(step.open + step.keys)].entries()) {
          const before = t.screen();
          t.write(key);
          if (i === 0 && step.ready) await settled(step.ready);
          else await waitFor(() => t.screen() !== before, { timeout: 30_000, describe: t.screen });
        }
      }
      t.write('q');
      expect((await t.exited).exitCode).toBe(0);
    } finally {
      t.kill();
    }
    const p = await loadProject(dir);
    // Reopen: the wizard comes back on the step and the image it was left at.
    const again = runInPty([], { cwd: dir, cols: 100, rows: 30 });
    try {
      // The caption pane is titled with the selected image's caption file: the one recorded.
      const image = p.ok ? (p.project.resume?.selection.captions ?? '') : '';
      const caption = image.replace(/\.[^.]+$/, '.txt');
      await again.waitForText(new RegExp(`images ·[\\s\\S]*│ ${caption.replace(/[.]/g, '\\.')}`), 30_000);
      again.write('q');
      await again.exited;
      return { record: p.ok ? p.project.resume : null, resumed: caption };
    } finally {
      again.kill();
    }
  }

  it('ends in the same state as one key per write, and reopens where it was left', { timeout: 180_000 }, async () => {
    const dirs = await Promise.all([tempDir(), tempDir()]);
    for (const d of dirs) {
      await createProject(d, { name: 'maya', trigger: 'maya_char' });
      await generateDemoDataset(d, { name: 'maya', trigger: 'maya_char' });
    }
    const single = await journey(dirs[0], false);
    const burst = await journey(dirs[1], true);
    expect(single.record).toMatchObject({ step: 'captions', selection: { dataset: expect.any(String), captions: expect.any(String) } });
    // Captions: three down on the first visit, one more on the second (it reopened where it was left).
    expect(single.resumed).toBe('20_maya_realbody/body005.txt');
    expect(burst.record).toEqual(single.record);
    expect(burst.resumed).toBe(single.resumed);
  });
});
