import { execFile } from 'node:child_process';
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

  it('exits 1 with a clear message when there is no project', async () => {
    const dir = await tempDir();
    const r = await lorapilot([], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No lorapilot project');
  });
});
