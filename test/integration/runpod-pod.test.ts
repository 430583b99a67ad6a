import { spawn } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJson, lifecycleJson, podListJson, runpodErrorJson } from '../../src/pod/runpod-report.js';
import { loadProject } from '../../src/project/index.js';
import { STOP_WAIT_SKIPPED_TEXT } from '../../src/training/run-word.js';
import { runCli } from '../helpers/cli.js';
import { startHookServer } from '../helpers/hook-server.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { DEFAULT_GPUS, startRunpodServer, type RunpodServer } from '../helpers/runpod-server.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const BIN = fileURLToPath(new URL('../../bin/lorapilot.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const KEY = 'rpa_TESTKEY_0123456789_never_printed';
const HOOK_SECRET = 'HOOKSECRET_9f8e7d';

let sshd: TestSshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

async function project(server: RunpodServer, extra = ''): Promise<string> {
  const dir = await tempDir('lorapilot-runpod-');
  await makePodProject(dir, { steps: 12 });
  const yaml = await readFile(join(dir, 'lorapilot.yaml'), 'utf8');
  await writeFile(join(dir, 'lorapilot.yaml'), `${yaml}runpod:\n  apiUrl: ${server.url}\n  sshUser: ${sshd.user}\npod:\n  root: ${join(dir, '.pod')}\n  aiToolkit: ${REHEARSAL_DIR}\ndemo: true\n${extra}`);
  return dir;
}

function env(more: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, RUNPOD_API_KEY: KEY, LORAPILOT_SSH_DIR: sshd.sshDir, LORAPILOT_RUNPOD_POLL_MS: '20', LORAPILOT_POD_STOP_GRACE: '0', LORAPILOT_NOTIFY: 'off', ...more };
}

describe('a RunPod pod from lorapilot (local v2 API server; the pod is the test sshd)', () => {
  it('create → wait → doctor → upload → train → the run ends → word on the webhook and the pod stopped, once', async () => {
    const server = await startRunpodServer({ key: KEY, ssh: { host: '127.0.0.1', port: sshd.port }, pollsBeforeRunning: 3 });
    const hooks = await startHookServer();
    const outputs: string[] = [];
    const cli = async (args: string[]) => {
      const r = await runCli(args, dir, env());
      outputs.push(r.out, r.err);
      return r;
    };
    const dir = await project(server, `notify:\n  webhook:\n    url: ${hooks.url}/api/webhooks/1/${HOOK_SECRET}\n    format: discord\n`);
    try {
      const created = await cli(['pod', 'create', '--json']);
      expect(created.err).toContain('Waiting for it to run');
      expect(created.code).toBe(0);
      const c = createJson.parse(JSON.parse(created.out));
      expect(c).toMatchObject({ host: sshd.spec, costPerHr: 0.86 });
      const p1 = await loadProject(dir);
      expect(p1.ok && p1.project).toMatchObject({ runpod: { podId: c.id, gpu: 'NVIDIA L40S', cloud: 'SECURE', costPerHr: 0.86 }, pod: { target: 'ssh', host: sshd.spec } });
      expect(p1.ok && p1.project.progress.pod?.summary).toContain('doctor');
      const body = server.requests.find((r) => r.method === 'POST')?.body as Record<string, unknown>;
      expect(body).toMatchObject({ gpu: { id: 'NVIDIA L40S', count: 1 }, ports: ['22/tcp'], mounts: { persistent: { path: '/workspace' } } });
      expect((body.env as Record<string, string>).PUBLIC_KEY).toMatch(/^ssh-ed25519 /);

      const second = await cli(['pod', 'create']);
      expect(second.code).toBe(1);
      expect(second.err).toContain(`this project already has pod ${c.id} (running); no second pod was created`);
      expect(server.pods.size).toBe(1);

      const list = await cli(['pod', 'list', '--json']);
      const rows = podListJson.parse(JSON.parse(list.out)).pods;
      expect(rows).toEqual([expect.objectContaining({ id: c.id, status: 'RUNNING', costPerHr: 0.86, gpu: 'NVIDIA L40S' })]);
      expect(rows[0].costSoFar).toBeGreaterThanOrEqual(0);
      expect((await cli(['pod', 'list'])).out).toMatch(new RegExp(`\\* ${c.id} .*\\$0\\.86/h +running .*since`));

      const train = await cli(['train', '--force']);
      expect(train.code).toBe(0);
      expect(train.out).toContain('the pod stops itself when training ends');
      const p2 = await loadProject(dir);
      expect(p2.ok && p2.project.job).toMatchObject({ stopPod: true, runnerNotifies: true });
      expect((await cli(['status'])).out).toMatch(/pod cost +\$\d+\.\d\d so far/);

      const monitor = await cli(['monitor', '--json']);
      expect(monitor.code).toBe(0);
      // The runner on the pod sent the word with curl; lorapilot stopped the pod through the API.
      await waitFor(() => hooks.requests.length > 0);
      expect(JSON.parse(hooks.requests[0].body)).toEqual({ content: 'lorapilot: maya_v1: training finished (exit code 0)' });
      expect(hooks.requests[0].path).toBe(`/api/webhooks/1/${HOOK_SECRET}`);
      const pod = server.pods.get(c.id)!;
      expect(pod.status).toBe('EXITED');
      expect(pod.stops).toBe(1);
      const log = await readFile(p2.ok ? p2.project.job!.log : '', 'utf8');
      expect(log).toContain('lorapilot: notified (curl)');

      // Watching the ended run again as text: it says why it stays open, and Ctrl-C ends the wait at once.
      const text = spawn(process.execPath, ['--import', TSX, BIN, 'monitor'], { cwd: dir, env: env({ LORAPILOT_POD_STOP_GRACE: '600' }), stdio: ['ignore', 'pipe', 'pipe'] });
      let textOut = '';
      let textErr = '';
      text.stdout.on('data', (d: Buffer) => (textOut += d.toString()));
      text.stderr.on('data', (d: Buffer) => (textErr += d.toString()));
      const exited = new Promise<number | null>((r) => text.once('exit', (code) => r(code)));
      await waitFor(() => textOut.includes(`waiting 600 s to stop pod ${c.id} through the RunPod API`), { timeout: 60_000, describe: () => textOut + textErr });
      text.kill('SIGINT');
      expect(await exited).toBe(0);
      outputs.push(textOut, textErr);
      expect(textErr).toContain(STOP_WAIT_SKIPPED_TEXT);
      expect(textErr).not.toContain('training continues');
      expect(pod.stops).toBe(1);

      const again = await cli(['pod', 'stop', '--json']);
      expect(lifecycleJson.parse(JSON.parse(again.out))).toMatchObject({ outcome: 'already-stopped' });
      expect(pod.stops).toBe(1);

      const started = await cli(['pod', 'start', '--json']);
      expect(lifecycleJson.parse(JSON.parse(started.out))).toMatchObject({ outcome: 'started', status: 'RUNNING' });
      expect(pod.starts).toBe(1);
      const p4 = await loadProject(dir);
      expect(p4.ok && p4.project.runpod?.since).toBeTruthy();
      expect(p4.ok && p4.project.pod?.host).toBe(sshd.spec);
      expect((await cli(['pod', 'start'])).out).toContain('is already running');
      expect(pod.starts).toBe(1);
      expect((await cli(['pod', 'stop'])).out).toContain('Stopped lorapilot-maya');

      const refused = await cli(['pod', 'terminate']);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('its container disk and its pod volume (/workspace');
      expect(refused.err).toContain('confirm with --yes');
      expect(pod.status).toBe('EXITED');
      const gone = await cli(['pod', 'terminate', '--yes', '--json']);
      expect(lifecycleJson.parse(JSON.parse(gone.out)).outcome).toBe('terminated');
      const p3 = await loadProject(dir);
      expect(p3.ok && p3.project.runpod?.podId).toBeUndefined();

      // The key and the webhook's secret are in no output, in lorapilot.yaml nor in the run's files.
      const files = [await readFile(join(dir, 'lorapilot.yaml'), 'utf8'), log, await readFile(join(p2.ok ? p2.project.job!.folder : '', 'launch.json'), 'utf8')];
      for (const text of [...outputs, ...files]) {
        expect(text).not.toContain(KEY);
        expect(text.includes(HOOK_SECRET) && !text.includes('webhook:')).toBe(false);
      }
      expect(outputs.join('')).not.toContain(HOOK_SECRET);
      expect(server.requests.every((r) => r.auth === `Bearer ${KEY}`)).toBe(true);
      expect(server.violations).toEqual([]);
    } finally {
      await server.close();
      await hooks.close();
    }
  }, 120_000);

  it('a bad key (401), no capacity, a pod that never gets SSH and an API that does not answer: clear words, nothing left unsaid', async () => {
    const server = await startRunpodServer({ key: KEY, ssh: { host: '127.0.0.1', port: sshd.port }, gpus: DEFAULT_GPUS.map((g) => (g.id === 'NVIDIA L40S' ? { ...g, inStock: false } : g)) });
    try {
      const dir = await project(server);
      const bad = await runCli(['pod', 'create'], dir, env({ RUNPOD_API_KEY: 'rpa_WRONG_key_value' }));
      expect(bad.code).toBe(1);
      expect(bad.err).toContain('RunPod refused the API key (HTTP 401)');
      expect(bad.err + bad.out).not.toContain('rpa_WRONG_key_value');

      const full = await runCli(['pod', 'create', '--json'], dir, env());
      expect(full.code).toBe(1);
      const e = runpodErrorJson.parse(JSON.parse(full.out));
      expect(e).toMatchObject({ error: 'no-capacity', alternatives: ['NVIDIA RTX 6000 Ada Generation ($0.77/h)', 'NVIDIA A100 80GB PCIe ($1.64/h)'] });
      expect(e.message).toContain('No pod was created');
      expect(server.pods.size).toBe(0);
      const text = await runCli(['pod', 'create'], dir, env());
      expect(text.err).toContain('try another GPU type with --gpu: NVIDIA RTX 6000 Ada Generation ($0.77/h)');

      const down = await runCli(['pod', 'list'], dir, env({ RUNPOD_API_URL: 'http://127.0.0.1:1' }));
      expect(down.code).toBe(1);
      expect(down.err).toContain("RunPod's API at http://127.0.0.1:1 did not answer");
      expect(server.violations).toEqual([]);
    } finally {
      await server.close();
    }
    // An unknown host key is never accepted without the user's word: without a terminal, --accept-new is that word.
    const fresh = await startRunpodServer({ key: KEY, ssh: { host: '127.0.0.1', port: sshd.port } });
    try {
      const dir = await project(fresh);
      const sshDir = join(dir, 'ssh');
      await cp(sshd.sshDir, sshDir, { recursive: true });
      await writeFile(join(sshDir, 'known_hosts'), '');
      const r = await runCli(['pod', 'create'], dir, env({ LORAPILOT_SSH_DIR: sshDir }));
      expect(r.code).toBe(1);
      const id = [...fresh.pods.keys()][0];
      expect(r.err).toContain(`pod ${id} runs at ${sshd.spec}, but lorapilot could not connect`);
      expect(r.err).toContain('bills at $0.86/h');
      expect(await readFile(join(sshDir, 'known_hosts'), 'utf8')).toBe('');
      const ok = await runCli(['pod', 'doctor', '--accept-new'], dir, env({ LORAPILOT_SSH_DIR: sshDir }));
      expect(ok.out + ok.err).toContain('Pod doctor');
      expect(await readFile(join(sshDir, 'known_hosts'), 'utf8')).toContain('127.0.0.1');
    } finally {
      await fresh.close();
    }
    const never = await startRunpodServer({ key: KEY, ssh: { host: '127.0.0.1', port: sshd.port }, neverReady: true });
    try {
      const dir = await project(never);
      const r = await runCli(['pod', 'create', '--timeout', '1', '--template', 'official'], dir, env());
      expect(r.code).toBe(1);
      const id = [...never.pods.keys()][0];
      expect(r.err).toMatch(new RegExp(`pod ${id} did not start running with a public SSH port within 1 s; it exists and bills, about \\$0\\.\\d\\d so far at \\$0\\.86/h`));
      expect(r.err).toContain(`lorapilot pod terminate ${id}`);
      const p = await loadProject(dir);
      expect(p.ok && p.project.runpod?.podId).toBe(id);
      // The official template's container settings, spread under lorapilot's own.
      expect(never.requests.find((q) => q.method === 'POST')?.body).toMatchObject({ image: 'ostris/aitoolkit:latest', ports: ['8675/http', '22/tcp'], env: { AI_TOOLKIT_AUTH: 'password', PUBLIC_KEY: expect.stringMatching(/^ssh-/) } });
      expect(never.violations).toEqual([]);
    } finally {
      await never.close();
    }
  }, 60_000);
});
