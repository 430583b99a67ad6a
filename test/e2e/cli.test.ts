import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);

async function lorapilot(args: string[], cwd: string) {
  try {
    const r = await run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: 'true' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('command line', () => {
  it('prints help and version, and exits 2 on usage errors', async () => {
    const dir = await tempDir();
    expect((await lorapilot(['--help'], dir)).stdout).toContain('Commands:');
    expect((await lorapilot(['--version'], dir)).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = await lorapilot(['frobnicate'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown command 'frobnicate'");
    const badFlag = await lorapilot(['init', '--nope'], dir);
    expect(badFlag.code).toBe(2);
  });

  it('without a terminal, `lorapilot` prints the project status instead of opening the wizard', async () => {
    const dir = await tempDir();
    const init = await lorapilot(['init', '--name', 'maya', '--trigger', 'maya_char'], dir);
    expect(init.code).toBe(0);
    const st = await lorapilot([], dir);
    expect(st.code).toBe(0);
    expect(st.stdout).toContain('maya (trigger maya_char)');
    expect(st.stdout).toContain('1 dataset');
    const json = JSON.parse((await lorapilot(['status', '--json'], dir)).stdout) as { project: { trigger: string } };
    expect(json.project.trigger).toBe('maya_char');
  });

  it('stops quietly when its output pipe is closed early (lorapilot … | head)', async () => {
    const dir = await tempDir();
    // Close our end of the pipe before the program writes: its first write fails with EPIPE.
    const child = spawn(process.execPath, [BIN, '--help'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('exits 1 with a clear message when there is no project', async () => {
    const dir = await tempDir();
    const r = await lorapilot([], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No lorapilot project');
  });
});

describe('demo', () => {
  it('creates a project on this machine with planted mistakes that check finds, and never overwrites other data', async () => {
    const dir = await tempDir();
    const made = await lorapilot(['demo', 'demo1', '--json'], dir);
    expect(made.code).toBe(0);
    const info = JSON.parse(made.stdout) as { created: boolean; images: number; planted: number };
    expect(info).toMatchObject({ created: true });
    expect(info.planted).toBeGreaterThan(20);
    const status = JSON.parse((await lorapilot(['status', 'demo1', '--json'], dir)).stdout) as { project: { demo: boolean; pod: { target: string; aiToolkit: string } } };
    expect(status.project.demo).toBe(true);
    expect(status.project.pod.target).toBe('local');
    expect(existsSync(join(status.project.pod.aiToolkit, 'run.py'))).toBe(true);
    const check = await lorapilot(['check', 'demo1', '--fast'], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('caption.missing');

    // A folder with someone's dataset and no demo project is left alone.
    await mkdir(join(dir, 'real', 'dataset', '40_x'), { recursive: true });
    await writeFile(join(dir, 'real', 'dataset', '40_x', 'a.txt'), 'precious');
    const refused = await lorapilot(['demo', 'real'], dir);
    expect(refused.code).toBe(1);
    expect(await readFile(join(dir, 'real', 'dataset', '40_x', 'a.txt'), 'utf8')).toBe('precious');
  });

  it('says what to type next, and that line works as printed whether or not lorapilot is on the PATH', async () => {
    const dir = await tempDir();
    const printed = await lorapilot(['demo', 'demo0'], dir);
    expect(printed.code).toBe(0);
    const next = /^Next: (.*)$/m.exec(printed.stdout)?.[1];
    expect(next).toMatch(/^cd "[^"]+demo0" && .* check$/);
    const followed = await run('sh', ['-c', `${next!} --fast`], { cwd: dir, env: { ...process.env, CI: 'true' } }).catch((e: { code: number; stdout: string }) => e);
    expect(followed.stdout).toContain('caption.missing');
  });
});
