import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject, type Project } from '../../../src/project/index.js';
import { runWord, stopWaitText, type PodStopWait } from '../../../src/training/run-word.js';
import { startHookServer } from '../../helpers/hook-server.js';
import { startRunpodServer } from '../../helpers/runpod-server.js';
import { tempDir } from '../../helpers/tmp.js';

const KEY = 'rpa_WORD_key';

async function projectWith(extra: string): Promise<{ dir: string; project: Project }> {
  const dir = await tempDir('lorapilot-word-');
  await writeFile(join(dir, 'lorapilot.yaml'), `name: maya\ntrigger: maya\nprogress: {}\n${extra}`);
  const r = await loadProject(dir);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { dir, project: r.project };
}

const job = (more: string) => `job:\n  host: root@1.2.3.4:22\n  folder: /w/runs/20261201-120000\n  name: maya_v1\n  config: /w/config.yaml\n  log: /w/runs/20261201-120000/run.log\n${more}`;

describe('word from the monitor when a run ends or raises a red flag', () => {
  it('sends the end and red flags to the webhook when the runner had no targets, and stops the pod once', async () => {
    const hooks = await startHookServer();
    const api = await startRunpodServer({ key: KEY, ssh: { host: '127.0.0.1', port: 1 }, pollsBeforeRunning: 0 });
    try {
      // a pod the API knows, running
      const created = await fetch(`${api.url}/v2/pods`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'p', image: 'i', gpu: { id: 'NVIDIA L40S', count: 1 } }) }).then((r) => r.json() as Promise<{ id: string }>);
      const { dir, project } = await projectWith(`${job('  stopPod: true\n')}runpod:\n  apiUrl: ${api.url}\n  podId: ${created.id}\nnotify:\n  webhook:\n    url: ${hooks.url}/hook\n`);
      const word = runWord({ dir, project, env: { RUNPOD_API_KEY: KEY, LORAPILOT_POD_STOP_GRACE: '0' } });
      word.onFlag({ id: 'nan-1', kind: 'nan', severity: 'error', step: 40, message: 'loss is NaN at step 40', advice: 'lower the learning rate' });
      word.onFlag({ id: 'slow-1', kind: 'slow', severity: 'info', step: 41, message: 'slow', advice: '' });
      word.onEvent({ type: 'finished', exitCode: 1, source: 'exit-code' });
      word.onEvent({ type: 'finished', exitCode: 1, source: 'exit-code' });
      await word.settled();
      expect(hooks.requests.map((r) => JSON.parse(r.body).message)).toEqual(['loss is NaN at step 40', 'training failed (exit code 1)']);
      expect(api.pods.get(created.id)?.stops).toBe(1);
      expect((await readFile(join(dir, 'lorapilot.yaml'), 'utf8'))).not.toContain('since:');
      expect(api.violations).toEqual([]);
    } finally {
      await hooks.close();
      await api.close();
    }
  });

  it('leaves the run\'s end to the runner when it was given the targets, and a pod not launched to stop keeps running', async () => {
    const hooks = await startHookServer();
    try {
      const { dir, project } = await projectWith(`${job('  runnerNotifies: true\n')}runpod:\n  apiUrl: http://127.0.0.1:1\n  podId: pod1\nnotify:\n  ntfy:\n    server: ${hooks.url}\n    topic: t\n`);
      const word = runWord({ dir, project, env: { RUNPOD_API_KEY: KEY, LORAPILOT_POD_STOP_GRACE: '0' } });
      word.onEvent({ type: 'finished', exitCode: 0, source: 'exit-code' });
      await word.settled();
      expect(hooks.requests).toEqual([]);
    } finally {
      await hooks.close();
    }
  });

  it('says it waits to stop the pod and for how long, and an abort skips the wait and the stop', async () => {
    const api = await startRunpodServer({ key: KEY, ssh: { host: '127.0.0.1', port: 1 }, pollsBeforeRunning: 0 });
    try {
      const created = await fetch(`${api.url}/v2/pods`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'p', image: 'i', gpu: { id: 'NVIDIA L40S', count: 1 } }) }).then((r) => r.json() as Promise<{ id: string }>);
      const { dir, project } = await projectWith(`${job('  stopPod: true\n')}runpod:\n  apiUrl: ${api.url}\n  podId: ${created.id}\n`);
      const abort = new AbortController();
      const waits: PodStopWait[] = [];
      // a grace far longer than the test may take: only the abort can end it
      const word = runWord({ dir, project, env: { RUNPOD_API_KEY: KEY, LORAPILOT_POD_STOP_GRACE: '3600' }, signal: abort.signal, onStopWait: (w) => waits.push(w) });
      word.onEvent({ type: 'finished', exitCode: 0, source: 'exit-code' });
      expect(waits).toEqual([{ podId: created.id, seconds: 3600 }]);
      expect(stopWaitText(waits[0])).toContain(`waiting 3600 s to stop pod ${created.id} through the RunPod API`);
      abort.abort();
      await word.settled();
      expect(api.pods.get(created.id)?.stops).toBe(0);
    } finally {
      await api.close();
    }
  });
});
