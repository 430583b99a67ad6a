import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject, loadProject } from '../../src/project/index.js';
import { glyphsFor } from '../../src/text/glyphs.js';
import { runInPty } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';
import { makeJobOutput } from '../unit/checkpoints/fixture.js';

// The glyphs the program draws with in this environment (the child inherits it).
const glyph = glyphsFor(process.env);

describe('checkpoints in a real terminal', () => {
  it('`lorapilot checkpoints` opens the screen: browse, mark, compare, download, choose, quit — at 80×24', async () => {
    const dir = await tempDir();
    const job = await makeJobOutput(dir, { name: 'maya_v1', steps: [250, 500, 750], finalStep: 1000, prompts: 3, tensorBytes: 300_000, imageSize: 128 });
    await createProject(dir, {
      name: 'maya_v1',
      trigger: 'maya_char',
      pod: { target: 'local' },
      job: { host: 'local', folder: join(dir, 'runs', '1'), name: 'maya_v1', config: 'config.yaml', log: 'run.log', output: job.folder },
      config: { steps: 1000, epochs: 4 },
    });
    const t = runInPty(['checkpoints'], { cwd: dir, cols: 80, rows: 24 });
    // One key at a time, as a person types, each once the screen shows what the key before it did.
    const selected = (step: number | string) => new RegExp(`${glyph.pointer} \\S\\s+${step} `);
    try {
      const first = await t.waitForText('final 1000');
      expect(first).toContain('maya_v1 on local · 4 checkpoints · 3 prompts');
      await t.waitForText('prompt 1/3');
      // The table first draws with the top row selected, then moves to the last one: keys wait for that.
      await t.waitForText(selected('final 1000'));
      await t.press('\u001b[A', selected(750));
      await t.press(' ', '1 marked');
      await t.press('\u001b[A', selected(500));
      await t.press(' ', '2 marked');
      await t.press('\r', 'step 500 · prompt 1/3');
      await t.press('\u001b[C', 'step 750 · prompt 2/3');
      await t.press('\u001b', 'space mark');
      t.write('d');
      await waitFor(async () => (await readdir(join(dir, 'loras')).catch(() => [])).filter((f) => f.endsWith('.safetensors')).length === 2);
      await t.waitForText(/500\s+2\s+–\s+29\d KB\s+run\+loras/);
      await t.press('b', 'Choose step 500 — note:');
      await t.type('sharp face, q ok', 'note: ');
      await t.waitForText('note: sharp face, q ok');
      await t.press('\r', 'chosen 500');
      const screen = t.screen();
      expect(screen.split('\n').every((l) => l.length <= 80)).toBe(true);
      t.write('q');
      const { exitCode } = await t.exited;
      expect(exitCode).toBe(0);
      const r = await loadProject(dir);
      expect(r.ok && r.project.checkpoints.chosen).toMatchObject({ step: 500, note: 'sharp face, q ok' });
      expect(r.ok && r.project.checkpoints.marked).toEqual([500, 750]);
    } finally {
      t.kill();
    }
  });

  it('without a terminal, `lorapilot checkpoints` prints the table instead', async () => {
    const dir = await tempDir();
    const job = await makeJobOutput(dir, { steps: [250], finalStep: null, prompts: 1 });
    await createProject(dir, { name: 'maya_v1', trigger: 'maya_char', pod: { target: 'local' }, job: { host: 'local', folder: dir, name: 'maya_v1', config: 'c', log: 'l', output: job.folder } });
    const { execFile } = await import('node:child_process');
    const { BIN } = await import('../helpers/pty.js');
    const out = await new Promise<string>((res, rej) => execFile(process.execPath, [BIN, 'checkpoints'], { cwd: dir }, (e, stdout) => (e ? rej(e) : res(stdout))));
    expect(out).toMatch(/step\s+epoch\s+loss\s+size\s+where\s+marked\s+chosen/);
    expect(out).toMatch(/250\s+1\s+–\s+\d+\.\d KB\s+run/);
  });
});
