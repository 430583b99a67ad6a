import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PodScreen } from '../../screens/pod/PodScreen.js';
import { loadProject } from '../../src/project/index.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { renderScreen } from '../helpers/render.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

async function localProject() {
  const dir = await tempDir('lorapilot-podscreen-');
  await makePodProject(dir, { steps: 300 });
  const yaml = await readFile(join(dir, 'lorapilot.yaml'), 'utf8');
  await writeFile(join(dir, 'lorapilot.yaml'), yaml + `pod:\n  target: local\n  root: ${join(dir, '.pod')}\n  aiToolkit: ${REHEARSAL_DIR}\ndemo: true\n`);
  const r = await loadProject(dir);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { dir, project: r.project };
}

describe('Pod screen', () => {
  it('checks the machine, launches a rehearsal run after confirmation, and stops it', { timeout: 90_000 }, async () => {
    const { dir, project } = await localProject();
    const h = renderScreen(<PodScreen />, { dir, project, width: 110, height: 30 });
    await h.waitForText('Detach', 15_000);
    expect(h.lastFrame()).toContain('rehearsal');
    expect(h.lastFrame()).toMatch(/no NVIDIA GPU/);
    expect(h.lastFrame().split('\n').length).toBeLessThanOrEqual(30);
    const enabled = (id: string) => h.keymap()?.bindings.find((b) => b.id === id)?.enabled !== false;
    await waitFor(() => enabled('pod.launch'));
    await h.write('t');
    await h.waitForText('Launch a rehearsal run on this machine?');
    await h.write('y');
    // The hand-written config is not what lorapilot would build: refused, then launched anyway on request.
    await h.waitForText('not launching', 20_000);
    await waitFor(() => enabled('pod.force'));
    await h.write('F');
    await h.waitForText('Launch anyway, with the errors above?');
    await h.write('y');
    await h.waitForText(/Rehearsal run\s+maya_v1/, 20_000);
    await h.waitForText(/running \(pid \d+\)/, 20_000);
    const saved = await loadProject(dir);
    expect(saved.ok && saved.project.job?.rehearsal).toBe(true);
    expect(saved.ok && saved.project.progress.pod?.status).toBe('done');
    // Stop once ai-toolkit is training (a SIGINT during python's start-up would just kill it).
    const log = saved.ok ? saved.project.job!.log : '';
    await waitFor(async () => (await readFile(log, 'utf8').catch(() => '')).includes('maya_v1:'), { timeout: 60_000 });
    await waitFor(() => enabled('pod.stop'));
    await h.write('s');
    await h.waitForText('does not save a checkpoint');
    await h.write('y');
    await h.waitForText(/ended, exit code 0/, 30_000);
    await waitFor(() => h.notifications.some((n) => /stopped/.test(n.message)));
    // recorded as `lorapilot stop` records it
    const stopped = await loadProject(dir);
    expect(stopped.ok && stopped.project.progress.monitor?.summary).toBe('training stopped by the user');
    await h.write('m');
    expect(h.navigations.at(-1)?.step).toBe('monitor');
    h.unmount();
  });

  it('takes a host in a text field on a fresh ssh project, and fits 70×24', async () => {
    const dir = await tempDir('lorapilot-podscreen-');
    await makePodProject(dir);
    const r = await loadProject(dir);
    if (!r.ok) throw new Error('bad project');
    const h = renderScreen(<PodScreen />, { dir, project: r.project, width: 70, height: 24 });
    await h.waitForText('no host yet');
    await h.write('h');
    await h.write('root@127.0.0.1:1');
    await h.waitForText('Host: root@127.0.0.1:1');
    expect(h.keymap()?.textEntry).toBe(true);
    await h.write('\r');
    // Whatever stops it here (no key in this HOME, nothing listening on port 1), it is said with what to do.
    await h.waitForText(/✖ (no SSH key found|.*refused the connection|.*did not answer)/, 15_000);
    expect(h.lastFrame()).toMatch(/→ /);
    for (const frame of h.frames.slice(-5)) expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    h.unmount();
  });
});
