import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CaptionsScreen } from '../../screens/captions/CaptionsScreen.js';
import { DatasetScreen } from '../../screens/dataset/DatasetScreen.js';
import { loadProject, type Project } from '../../src/project/index.js';
import { renderScreen } from '../helpers/render.js';
import { tempDir } from '../helpers/tmp.js';

/** A caption that would retitle, clear and recolour the terminal, drawn by the screens that show captions. */
const HOSTILE = '\x1b]0;PWNED\x07\x1b[2J\x9b2Jred\x1b[0m';
// What Ink itself never draws: OSC, BEL, the C1 CSI, a clear-screen.
const RAW = /\x1b\]|\x07|\x9b|\x1b\[2J/;

async function project(): Promise<{ dir: string; project: Project }> {
  const dir = await tempDir('lorapilot-hostile-screen-');
  await writeFile(join(dir, 'lorapilot.yaml'), 'name: maya\ntrigger: maya_char\n');
  const p = join(dir, 'dataset', '40_maya', 'a.jpg');
  await mkdir(join(p, '..'), { recursive: true });
  await sharp({ create: { width: 32, height: 32, channels: 3, background: '#8080c0' } }).jpeg().toFile(p);
  await writeFile(p.replace('.jpg', '.txt'), `${HOSTILE}, maya_char, ${HOSTILE} hair`);
  const r = await loadProject(dir);
  if (!r.ok) throw new Error('bad project');
  return { dir, project: r.project };
}

describe('screens draw text from files without its escape codes', () => {
  it('the Captions screen: tags and the caption findings', async () => {
    const { dir, project: p } = await project();
    const h = renderScreen(<CaptionsScreen />, { dir, project: p, params: { image: '40_maya/a.jpg' } });
    const f = await h.waitForText(/red hair/);
    expect(f).toMatch(/not the first tag/);
    expect(f).not.toMatch(RAW);
    h.unmount();
  });

  it('the Dataset screen: the findings that quote a caption', async () => {
    const { dir, project: p } = await project();
    const h = renderScreen(<DatasetScreen />, { dir, project: p });
    const f = await h.waitForText(/trigger-not-first|not the first tag/, 30_000);
    expect(f).not.toMatch(RAW);
    h.unmount();
  });
});
