import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../src/dataset/demo.js';
import { createProject } from '../../src/project/index.js';
import { BIN, runInPty, type PtySession } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const run = promisify(execFile);

async function captionFindings(dir: string): Promise<Array<{ rule: string; files: string[] }>> {
  // check exits 1 when it finds errors (the demo has planted image errors too): read its JSON either way.
  const r = await run(process.execPath, [BIN, 'check', '--fast', '--json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } }).catch((e: { stdout: string }) => e);
  const report = JSON.parse(r.stdout) as { findings: Array<{ rule: string; files: string[] }> };
  return report.findings.filter((f) => f.rule.startsWith('caption.'));
}

const DOWN = '\x1b[B';

/** Press keys one at a time (a terminal delivers each key press separately) and wait for the result. */
async function press(t: PtySession, keys: string | string[], expect: string | RegExp) {
  for (const k of typeof keys === 'string' ? [keys] : keys) {
    t.write(k);
    await new Promise((r) => setTimeout(r, 40));
  }
  await t.waitForText(expect);
}

describe('Captions in a real terminal', () => {
  it('fixes every planted caption mistake of the demo project until check reports no caption findings', async () => {
    const dir = await tempDir();
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    await generateDemoDataset(dir, { name: 'maya', trigger: 'maya_char' });
    const before = await captionFindings(dir);
    expect(new Set(before.map((f) => f.rule))).toEqual(
      new Set([
        'caption.bom', 'caption.crlf', 'caption.not-utf8', 'caption.trigger-missing', 'caption.trigger-not-first', 'caption.duplicate-tags',
        'caption.too-long', 'caption.placeholder', 'caption.missing', 'caption.realbody-on-character', 'caption.realbody-missing',
      ]),
    );

    const t = runInPty(['captions'], { cwd: dir, cols: 100, rows: 30 });
    try {
      await t.waitForText(/42 images · 11 with problems/);
      // Bulk fixes on every image: normalize, create missing, trigger first.
      await press(t, 'b', 'Bulk fix · 42 listed images');
      await press(t, [...Array(5).fill(DOWN), '\r'], /normalize: 4 captions changed/);
      await press(t, 'b', 'Bulk fix');
      await press(t, [...Array(6).fill(DOWN), '\r'], /create-missing: 1 caption changed/);
      await press(t, 'b', 'Bulk fix');
      await press(t, '\r', /ensure-trigger: \d+ captions changed/);
      // Real-body folder: realistic_body second.
      await press(t, ['f', 'f', 'f', 'f'], 'folder 20_maya_realbody');
      await press(t, 'b', 'Bulk fix · 10 listed images');
      await press(t, [DOWN, '\r'], /ensure-tag realistic_body: 1 caption changed/);
      // Character folder: realistic_body does not belong there.
      await press(t, 'f', 'folder 40_maya');
      await press(t, 'b', 'Bulk fix · 32 listed images');
      await press(t, [DOWN, DOWN, DOWN, '\r'], 'tags to remove');
      await t.type('realistic_body');
      await press(t, '\r', /remove-tag realistic_body: 1 caption changed/);
      // The over-long tagger dump: jump to it and cut it down in the tag editor.
      await press(t, 'f', 'showing 42 (all)');
      await press(t, 'n', '40_maya/img014.txt');
      await press(t, 'e', 'Editing 40_maya/img014.txt');
      const tags = (await readFile(join(dir, 'dataset/40_maya/img014.txt'), 'utf8')).split(', ');
      await press(t, Array(tags.length - 5).fill('\x7f'), / 5\. /);
      await press(t, '\r', /42 images · all captions ok/);
      // Quit: `q` is ignored while a text field still has focus, so press it until the app is gone.
      let gone = false;
      void t.exited.then(() => (gone = true));
      await waitFor(() => {
        if (!gone) t.write('q');
        return gone;
      }, { timeout: 15_000, interval: 500 });
    } finally {
      t.kill();
    }
    expect(await captionFindings(dir)).toEqual([]);
    expect(await readFile(join(dir, 'lorapilot.yaml'), 'utf8')).toMatch(/captions:\n\s+status: done/);

    // Every step is journaled: the CLI undoes the last edit even after the screen is gone.
    const undo = await run(process.execPath, [BIN, 'captions', 'undo'], { cwd: dir });
    expect(undo.stdout).toMatch(/undone: edit 40_maya\/img014.txt/);
    expect((await captionFindings(dir)).map((f) => f.rule)).toEqual(['caption.too-long']);
  }, 120_000);
});
