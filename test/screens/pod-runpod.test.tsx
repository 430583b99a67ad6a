import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodScreen } from '../../screens/pod/PodScreen.js';
import { loadProject } from '../../src/project/index.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { renderScreen } from '../helpers/render.js';
import { startRunpodServer, type RunpodServer } from '../helpers/runpod-server.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const KEY = 'rpa_SCREEN_key_never_shown';
let sshd: TestSshd;
let server: RunpodServer;
const saved = { ...process.env };

beforeAll(async () => {
  sshd = await startSshd();
  server = await startRunpodServer({ key: KEY, ssh: { host: '127.0.0.1', port: sshd.port } });
  // A fresh ~/.ssh that does not know the pod's host key yet: the screen must ask.
  const sshDir = join(await tempDir('lorapilot-ssh-'), 'ssh');
  await cp(sshd.sshDir, sshDir, { recursive: true });
  await writeFile(join(sshDir, 'known_hosts'), '');
  Object.assign(process.env, { RUNPOD_API_KEY: KEY, LORAPILOT_SSH_DIR: sshDir, LORAPILOT_RUNPOD_POLL_MS: '20' });
});
afterAll(async () => {
  for (const k of ['RUNPOD_API_KEY', 'LORAPILOT_SSH_DIR', 'LORAPILOT_RUNPOD_POLL_MS']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await server?.close();
  await sshd?.stop();
});

describe('Pod screen: RunPod pods', () => {
  it('rents a pod on the user\'s word, trusts its host key only after y (fingerprint shown), then stops it once and asks before terminating', { timeout: 60_000 }, async () => {
    const dir = await tempDir('lorapilot-podscreen-rp-');
    await makePodProject(dir, { steps: 12 });
    const yaml = await readFile(join(dir, 'lorapilot.yaml'), 'utf8');
    await writeFile(join(dir, 'lorapilot.yaml'), `${yaml}runpod:\n  apiUrl: ${server.url}\n  sshUser: ${sshd.user}\npod:\n  root: ${join(dir, '.pod')}\n  aiToolkit: ${REHEARSAL_DIR}\ndemo: true\n`);
    const r = await loadProject(dir);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const h = renderScreen(<PodScreen />, { dir, project: r.project, width: 120, height: 40 });
    await h.waitForText('no pod yet');
    await h.write('N');
    await h.waitForText('Rent a pod? NVIDIA L40S');
    expect(server.pods.size).toBe(0);
    await h.write('y');
    await h.waitForText(`Unknown host key for 127.0.0.1:${sshd.port}`, 20_000);
    expect(h.lastFrame()).toMatch(/SHA256:\S+/);
    const id = [...server.pods.keys()][0];
    const loaded = await loadProject(dir);
    expect(loaded.ok && loaded.project).toMatchObject({ runpod: { podId: id } });
    await h.write('y');
    await h.waitForText(`is ready at ${sshd.spec}`, 20_000);
    await h.waitForText('Detach', 20_000);
    expect(h.lastFrame()).toMatch(new RegExp(`RunPod   pod ${id} · \\$\\d+\\.\\d\\d so far`));
    const enabled = (bid: string) => h.keymap()?.bindings.find((b) => b.id === bid)?.enabled !== false;

    await waitFor(() => enabled('rp.terminate'));
    await h.write('X');
    await h.waitForText(`Terminate lorapilot-maya (${id})?`);
    expect(h.lastFrame()).toContain('Terminating deletes the pod, its container disk and its pod');
    await h.write('n');
    await waitFor(() => !h.lastFrame().includes('Terminate lorapilot-maya'));
    expect(server.pods.get(id)?.status).toBe('RUNNING');

    await waitFor(() => enabled('rp.stop'));
    await h.write('S');
    await h.waitForText('Stopped lorapilot-maya');
    await waitFor(() => enabled('rp.stop'));
    await h.write('S');
    await h.waitForText('is already stopped');
    expect(server.pods.get(id)?.stops).toBe(1);
    expect(h.lastFrame()).not.toContain(KEY);
    expect(server.violations).toEqual([]);
    h.unmount();
  });
});
