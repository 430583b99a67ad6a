import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../src/dataset/demo.js';
import { createProject } from '../../src/project/index.js';
import { glyphsFor } from '../../src/text/glyphs.js';
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
// The glyphs the program draws with in this environment (the child inherits it).
const glyph = glyphsFor(process.env);
// The bulk-fix menu, top to bottom (screens/captions): each ↓ waits for the pointer on the next entry.
const BULK = ['Trigger word first', 'Add realistic_body second', 'Add a tag second', 'Remove tags', 'Replace a tag', 'Normalize', 'Create missing captions', 'Remove identity tags'];

/** Open the bulk-fix menu, walk down to `entry` one key at a time, and apply it. */
async function bulkFix(t: PtySession, scope: string, entry: string, expect: string | RegExp) {
  await t.press('b', `Bulk fix · ${scope}`);
  for (let i = 1; i <= BULK.indexOf(entry); i++) await t.press(DOWN, `${glyph.pointer} ${BULK[i]}`);
  await t.press('\r', expect);
}

/** Waits for the editor's last line to be tag `n` (the selected one) with no tag after it. */
const lastTag = (n: number) => new RegExp(`^(?![\\s\\S]* ${n + 1}\\. )[\\s\\S]* ${n}\\. `);

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
    let gone = false;
    void t.exited.then(() => (gone = true));
    try {
      await t.waitForText(/42 images · 11 with problems/);
      // Bulk fixes on every image: normalize, create missing, trigger first.
      await bulkFix(t, '42 listed images', 'Normalize', /normalize: 4 captions changed/);
      await bulkFix(t, '42 listed images', 'Create missing captions', /create-missing: 1 caption changed/);
      await bulkFix(t, '42 listed images', 'Trigger word first', /ensure-trigger: \d+ captions changed/);
      // Real-body folder: realistic_body second.
      for (const filter of ['(with problems)', '(missing caption)', '(trigger missing or late)', 'folder 20_maya_realbody']) await t.press('f', filter);
      await bulkFix(t, '10 listed images', 'Add realistic_body second', /ensure-tag realistic_body: 1 caption changed/);
      // Character folder: realistic_body does not belong there.
      await t.press('f', 'folder 40_maya');
      await bulkFix(t, '32 listed images', 'Remove tags', 'tags to remove');
      await t.type('realistic_body', '(* matches anything) › ');
      await t.press('\r', /remove-tag realistic_body: 1 caption changed/);
      // The template create-missing wrote stays a problem until its slots are filled: fill it in the tag editor.
      await t.press('f', 'showing 42 (all)');
      await t.press('n', '40_maya/img014.txt');
      await t.press('n', '40_maya/img017.txt');
      await t.press('e', 'Editing 40_maya/img017.txt');
      for (let n = 4; n >= 1; n--) await t.press('\x7f', lastTag(n));
      await t.type('portrait', 'add tag › ');
      await t.press('\r', /42 images · 1 with problems/);
      expect(await readFile(join(dir, 'dataset/40_maya/img017.txt'), 'utf8')).toBe('maya_char, portrait');
      // The over-long tagger dump: jump to it and cut it down in the tag editor.
      await t.press('n', '40_maya/img014.txt');
      await t.press('e', 'Editing 40_maya/img014.txt');
      const tags = (await readFile(join(dir, 'dataset/40_maya/img014.txt'), 'utf8')).split(', ');
      // backspace removes the selected (last) tag
      for (let n = tags.length - 1; n >= 5; n--) await t.press('\x7f', lastTag(n));
      await t.waitForText(/ 5\. /);
      await t.press('\r', /42 images · all captions ok/);
      // Enter closed the tag editor, so `q` quits (in a text field it would be typed).
      t.write('q');
      await waitFor(() => gone, { timeout: 15_000, describe: t.screen });
    } finally {
      t.kill();
    }
    expect(await captionFindings(dir)).toEqual([]);
    expect(await readFile(join(dir, 'lorapilot.yaml'), 'utf8')).toMatch(/captions:\n\s+status: done/);

    // Every step is journaled: the CLI undoes the last edit even after the screen is gone.
    const undo = await run(process.execPath, [BIN, 'captions', 'undo'], { cwd: dir });
    expect(undo.stdout).toMatch(/undone: edit 40_maya\/img014.txt/);
    expect((await captionFindings(dir)).map((f) => f.rule)).toEqual(['caption.too-long']);
  }, 180_000);
});
