import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetScreen } from '../../screens/dataset/DatasetScreen.js';
import { faceCachePath } from '../../src/faces/index.js';
import { createProject, loadProject } from '../../src/project/index.js';
import { renderScreen } from '../helpers/render.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';
import { portrait, put, variants } from '../unit/faces/photos.js';

describe('Dataset screen: faces', () => {
  it('checks faces as lorapilot check does, with no key pressed, and f turns them off and on', async () => {
    const dir = await tempDir('lorapilot-dsfaces-screen-');
    await createProject(dir, { name: 'maya', trigger: 'maya_char' });
    const folder = join(dir, 'dataset', '40_maya');
    const maya = await portrait('maya');
    const v = await variants(maya);
    const images: Record<string, Buffer> = { 'maya.jpg': maya, 'flip.jpg': v.flip, 'bright.jpg': v.brighter, 'stranger.jpg': await portrait('b') };
    for (const [name, data] of Object.entries(images)) {
      await put(join(folder, name), data);
      await writeFile(join(folder, name.replace('.jpg', '.txt')), 'maya_char, portrait, smiling');
    }
    const r = await loadProject(dir);
    if (!r.ok) throw new Error('project did not load');
    const s = renderScreen(<DatasetScreen />, { dir, project: r.project, width: 110, height: 30 });
    try {
      // The stranger is found without pressing anything, and the cache is written for the next check.
      await s.waitForText('faces.different-person', 90_000);
      expect(s.lastFrame()).toContain('stranger.jpg');
      await waitFor(() => existsSync(faceCachePath(dir)));

      await s.write('f');
      expect(s.notifications.at(-1)?.message).toContain('checking without faces');
      await waitFor(() => (s.lastFrame().includes('faces.different-person') ? null : s.lastFrame()), { timeout: 30_000, describe: () => s.lastFrame() });

      await s.write('f');
      expect(s.notifications.at(-1)?.message).toContain('checking faces too');
      // From the cache this time: every image is known.
      await s.waitForText('faces.different-person', 30_000);
    } finally {
      s.unmount();
    }
  }, 150_000);
});
