import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleFileName } from '../../src/ai-toolkit/names.js';
import { runInPty } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const FIX = join(import.meta.dirname, '../fixtures/logs');
const ASSETS = join(import.meta.dirname, '../../rehearsal/ai-toolkit/assets');

/** A replayable ai-toolkit job folder with samples at step 20 (reference §2). */
async function jobFolder() {
  const dir = await tempDir('lorapilot-e2e-img-');
  const job = join(dir, 'output', 'maya_char_v1');
  await mkdir(join(job, 'samples'), { recursive: true });
  await copyFile(join(FIX, 'qwen-run.txt'), join(job, 'log.txt'));
  for (const i of [0, 1]) await copyFile(join(ASSETS, `sample-0${i}.jpg`), join(job, 'samples', sampleFileName(1724085406830 + i, 20, i)));
  return { dir, log: join(job, 'log.txt') };
}

/** Where the escape's cursor move put each kitty image: the 1-based row and column before it. */
function kittyPlacements(raw: string): Array<{ row: number; col: number; keys: string }> {
  return [...raw.matchAll(/\u001b7\u001b\[(\d+);(\d+)H\u001b_G([^;\u001b]*)/g)].map((m) => ({ row: Number(m[1]), col: Number(m[2]), keys: m[3] }));
}

describe('native images in a real terminal', () => {
  it('LORAPILOT_IMAGES=kitty draws the samples with the kitty protocol inside their pane, and deletes them on exit', async () => {
    const { dir, log } = await jobFolder();
    const t = runInPty(['monitor', '--replay', log], { cwd: dir, cols: 120, rows: 36, env: { LORAPILOT_IMAGES: 'kitty', LORAPILOT_NOTIFY: 'off' } });
    const screen = await t.waitForText('Samples · step 20');
    const placed = await waitFor(() => {
      const p = kittyPlacements(t.output()).filter((x) => x.keys.startsWith('a=T'));
      return p.length >= 2 ? p : null;
    }, { timeout: 20_000 });
    // the samples pane's frame on screen: its title row and left border column
    const lines = screen.split('\n');
    const titleRow = lines.findIndex((l) => l.includes('Samples · step 20'));
    const paneCol = lines[titleRow].lastIndexOf('│', lines[titleRow].indexOf('Samples'));
    for (const p of placed.slice(0, 2)) {
      expect(p.keys).toMatch(/^a=T,f=100,i=\d+,p=1,c=\d+,r=\d+,C=1,q=2,m=[01]$/);
      // just under the title, inside the frame (1-based: row after the title, column after border and padding)
      expect(p.row).toBe(titleRow + 2);
      expect(p.col).toBeGreaterThanOrEqual(paneCol + 3);
    }
    // the half-block text is not drawn as well (each half block carries its own colours, so they are counted)
    expect(t.output().split('▄').length - 1).toBeLessThan(10);
    t.write('q');
    await t.exited;
    expect(t.output()).toMatch(/\u001b_Ga=d,d=I,i=\d+,q=2\u001b\\/);
  }, 60_000);

  it('LORAPILOT_IMAGES=sixel shows the half blocks while the sixel encodes, then draws the sixel under the pane title', async () => {
    const { dir, log } = await jobFolder();
    const t = runInPty(['monitor', '--replay', log], { cwd: dir, cols: 120, rows: 36, env: { LORAPILOT_IMAGES: 'sixel', LORAPILOT_NOTIFY: 'off' } });
    const screen = await t.waitForText('Samples · step 20');
    const at = await waitFor(() => {
      const m = /\u001b7\u001b\[(\d+);(\d+)H\u001bPq"1;1;\d+;\d+#/.exec(t.output());
      return m ? { row: Number(m[1]), index: m.index } : null;
    }, { timeout: 30_000 });
    const lines = screen.split('\n');
    expect(at.row).toBe(lines.findIndex((l) => l.includes('Samples · step 20')) + 2);
    // the pane was not blank meanwhile: half blocks were written before the first sixel
    // (each half block carries its own colours, so they are counted, not matched as a run)
    const before = t.output().slice(0, at.index);
    expect(before.split('▄').length - 1).toBeGreaterThan(100);
    t.write('q');
    await t.exited;
  }, 60_000);
});
