import { execFile } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnerSpec } from '../../../src/notify/runner-spec.js';
import { RUNNER_NOTIFY } from '../../../src/pod/runner-notify.js';
import { startHookServer } from '../../helpers/hook-server.js';
import { tempDir } from '../../helpers/tmp.js';

const run = promisify(execFile);

/** The runner's notification lines as the pod's sh runs them, after a run that exited with `code`. */
async function runnerEnd(code: number, spec: string, path: string): Promise<string> {
  const r = await run('/bin/sh', ['-c', `code=${code}\n${RUNNER_NOTIFY}`], { env: { PATH: path, LP_NOTIFY: spec } });
  return r.stdout + r.stderr;
}

let hooks: Awaited<ReturnType<typeof startHookServer>>;
beforeAll(async () => {
  hooks = await startHookServer();
});
afterAll(async () => {
  await hooks.close();
});

async function which(tool: string): Promise<string> {
  // python3 may be a version manager's shim: link the interpreter itself.
  if (tool === 'python3') return (await run('python3', ['-c', 'import sys; print(sys.executable)'])).stdout.trim();
  return (await run('/bin/sh', ['-c', `command -v ${tool}`])).stdout.trim();
}

describe('the runner on the pod sends its own word', () => {
  it('with curl: the failure body with the exit code, the ntfy Title header, and the URL in no output', async () => {
    hooks.requests.length = 0;
    const spec = runnerSpec([{ kind: 'ntfy', url: `${hooks.url}/topic-SECRET-1` }, { kind: 'webhook', url: `${hooks.url}/hook/SECRET-2`, format: 'slack' }], 'maya_v1');
    const out = await runnerEnd(3, spec, process.env.PATH ?? '');
    expect(out.match(/lorapilot: notified \(curl\)/g)).toHaveLength(2);
    expect(out).not.toContain('SECRET');
    const [ntfy, slack] = [hooks.requests.find((r) => r.path === '/topic-SECRET-1'), hooks.requests.find((r) => r.path === '/hook/SECRET-2')];
    expect(ntfy?.body).toBe('training failed (exit code 3)');
    expect(ntfy?.headers.title).toBe('lorapilot: maya_v1');
    expect(JSON.parse(slack?.body ?? '')).toEqual({ text: 'lorapilot: maya_v1: training failed (exit code 3)' });
  });

  it('with python3 when the pod has no curl', async () => {
    hooks.requests.length = 0;
    const bin = join(await tempDir('lorapilot-bin-'), 'bin');
    await mkdir(bin);
    // A PATH with what the runner needs but curl.
    for (const tool of ['base64', 'sed', 'python3']) await symlink(await which(tool), join(bin, tool));
    const spec = runnerSpec([{ kind: 'webhook', url: `${hooks.url}/hook/SECRET-3`, format: 'json' }], 'maya_v1');
    const out = await runnerEnd(0, spec, bin);
    expect(out).toContain('lorapilot: notified (python3)');
    expect(out).not.toContain('SECRET');
    expect(JSON.parse(hooks.requests[0].body)).toEqual({ event: 'finished', title: 'lorapilot: maya_v1', message: 'training finished (exit code 0)' });
  });

  it('says so, without failing the runner, when neither is there or nothing is configured', async () => {
    const bin = join(await tempDir('lorapilot-bin-'), 'bin');
    await mkdir(bin);
    for (const tool of ['base64', 'sed']) await symlink(await which(tool), join(bin, tool));
    expect(await runnerEnd(0, runnerSpec([{ kind: 'ntfy', url: `${hooks.url}/t` }], 'maya_v1'), bin)).toContain('no curl or python3 on the pod');
    expect(await runnerEnd(0, '', bin)).toBe('');
  });
});
