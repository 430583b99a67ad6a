import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/index.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { runInPty } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

describe('Pod step in a real terminal', () => {
  it('opens at the pod step, shows the doctor, launches a rehearsal run and labels it', { timeout: 90_000 }, async () => {
    const dir = await tempDir('lorapilot-e2e-pod-');
    await makePodProject(dir, { steps: 200 });
    const text = (await readFile(join(dir, 'lorapilot.yaml'), 'utf8')).replace(
      'progress: {}\n',
      'progress:\n  dataset: {status: done}\n  captions: {status: done}\n  config: {status: done}\n',
    );
    await writeFile(join(dir, 'lorapilot.yaml'), text + `pod:\n  target: local\n  root: ${join(dir, '.pod')}\n  aiToolkit: ${REHEARSAL_DIR}\ndemo: true\n`);
    const s = runInPty([], { cwd: dir, cols: 100, rows: 30, env: { REHEARSAL_STEP_SECONDS: '0.1' } });
    try {
      await s.waitForText('Detach', 30_000);
      expect(s.screen()).toMatch(/rehearsal/i);
      // the launch key is live once the checks have finished: the footer shows it then
      await s.waitForText('t train', 30_000);
      await s.press('t', 'Launch a rehearsal run');
      s.write('y');
      // The project's hand-written config is not what lorapilot would build from this dataset: refused.
      await s.waitForText('not launching', 30_000);
      await s.waitForText('launch anyway');
      s.write('F');
      await s.waitForText('Launch anyway, with the errors above?');
      s.write('y');
      await s.waitForText(/running \(pid \d+\)/, 30_000);
      const p = await loadProject(dir);
      expect(p.ok && p.project.job?.rehearsal).toBe(true);
      await waitFor(async () => (await readFile(p.ok ? p.project.job!.log : '', 'utf8').catch(() => '')).includes('maya_v1:'), { timeout: 30_000 });
      s.write('s');
      await s.waitForText('does not save a checkpoint');
      s.write('y');
      await s.waitForText(/ended, exit code 0/, 30_000);
    } finally {
      s.kill();
    }
  });
});
