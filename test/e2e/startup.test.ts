import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runInPty } from '../helpers/pty.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);

/**
 * Preloaded into the CLI: records every module it loads, ES modules as they resolve (a loader hook)
 * and CommonJS ones from the require cache at exit, one URL or path a line.
 */
const TRACE_HOOK = `
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
const out = process.env.MODULE_TRACE;
register('data:text/javascript,' + encodeURIComponent(
  'import { appendFileSync } from "node:fs";' +
  'export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(' + JSON.stringify(out) + ', r.url + "\\\\n"); return r; }'
));
const Module = createRequire(import.meta.url)('node:module');
process.on('exit', () => appendFileSync(out, Object.keys(Module._cache).join('\\n') + '\\n'));
`;

/**
 * What a command that prints text has no use for: the terminal UI, image decoding, SSH, the ML runtimes.
 * dist/wizard/ is the wizard bundled (Ink, React and the screens in a few files).
 */
const HEAVY = /[/\\](node_modules[/\\](ink|react|react-reconciler|sharp|ssh2|onnxruntime-node|@tensorflow|@vladmandic|@inkjs[/\\]ui|terminal-image)|dist[/\\](screens|wizard))[/\\]/;

let work = '';
let hook = '';

/** Run the built CLI with the trace hook; returns its exit code and every module it loaded. */
async function traced(args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<{ code: number; modules: string[] }> {
  const trace = join(work, `trace-${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(trace, '');
  const env = { ...process.env, CI: 'true', MODULE_TRACE: trace, ...extraEnv };
  let code = 0;
  try {
    await run(process.execPath, ['--import', hook, BIN, ...args], { cwd, env });
  } catch (e) {
    code = (e as { code: number }).code;
  }
  const modules = (await readFile(trace, 'utf8')).split('\n').filter(Boolean);
  return { code, modules };
}

describe('start-up: a command that prints text loads only what it uses', () => {
  beforeAll(async () => {
    work = await tempDir();
    hook = join(work, 'trace-hook.mjs');
    await writeFile(hook, TRACE_HOOK);
  });

  it('--version, --help and an unknown command load no command at all', async () => {
    for (const args of [['--version'], ['--help'], ['frobnicate']]) {
      const { code, modules } = await traced(args, work);
      expect(code, args.join(' ')).toBe(args[0] === 'frobnicate' ? 2 : 0);
      expect(modules.some((m) => m.includes('/dist/bin/lorapilot.js')), 'the trace sees the CLI').toBe(true);
      // The build bundles each command into dist/bin/chunks/<command>-<hash>.js; shared code is in chunk-<hash>.js.
      expect(modules.filter((m) => /[/\\]dist[/\\](src|screens|wizard|bin[/\\](commands[/\\](?!index)|chunks[/\\](?!chunk-)))/.test(m)), args.join(' ')).toEqual([]);
      expect(modules.filter((m) => m.includes('node_modules')), args.join(' ')).toEqual([]);
    }
  });

  it('status and check --fast on the demo project load no Ink, React, sharp, SSH, ONNX runtime, TensorFlow.js or screen', async () => {
    // The demo itself draws its images with sharp: proof that the trace sees what a command loads.
    const made = await traced(['demo', 'demo', '--no-open'], work);
    expect(made.code).toBe(0);
    expect(made.modules.some((m) => /node_modules[/\\]sharp[/\\]/.test(m))).toBe(true);

    const demo = join(work, 'demo');
    for (const args of [['status'], ['check', '--fast'], ['check', '--help'], ['--help', 'check']]) {
      const { code, modules } = await traced(args, demo);
      // check finds the demo's planted mistakes: exit 1.
      expect(code, args.join(' ')).toBe(args[0] === 'check' && args[1] === '--fast' ? 1 : 0);
      const name = args[0] === '--help' ? args[1] : args[0];
      expect(modules.some((m) => new RegExp(`[/\\\\]dist[/\\\\]bin[/\\\\]chunks[/\\\\]${name}-\\w+\\.js$`).test(m)), 'the trace sees the command loading').toBe(true);
      expect(modules.filter((m) => HEAVY.test(m)), args.join(' ')).toEqual([]);
    }
  });

  it('pod list (RunPod\'s API) loads no Ink, React, sharp, SSH, ONNX runtime or screen', async () => {
    const demo = await tempDir();
    await writeFile(join(demo, 'lorapilot.yaml'), 'name: maya\ntrigger: maya\nprogress: {}\n');
    // No key here: the command says where one goes and exits 1, having loaded only what it uses.
    const { code, modules } = await traced(['pod', 'list'], demo, { RUNPOD_API_KEY: '', HOME: work, RUNPOD_API_URL: 'http://127.0.0.1:1' });
    expect(code).toBe(1);
    expect(modules.some((m) => /[/\\]dist[/\\]bin[/\\]chunks[/\\]pod-runpod-\w+\.js$/.test(m)), 'the trace sees the command loading').toBe(true);
    expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('the wizard opens from its bundle: Ink and React come from dist/wizard, not from node_modules', async () => {
    const empty = await tempDir();
    const trace = join(work, 'trace-wizard.txt');
    await writeFile(trace, '');
    const t = runInPty([], { cwd: empty, cols: 120, rows: 40, env: { NODE_OPTIONS: `--import ${hook}`, MODULE_TRACE: trace } });
    try {
      await t.waitForText('1 Dataset');
      t.write('q');
      await t.exited;
    } finally {
      t.kill();
    }
    const modules = (await readFile(trace, 'utf8')).split('\n').filter(Boolean);
    expect(modules.some((m) => /[/\\]dist[/\\]wizard[/\\](production|development)[/\\]launch\.js$/.test(m))).toBe(true);
    expect(modules.filter((m) => /node_modules[/\\](ink|react|react-reconciler|@inkjs[/\\]ui|es-toolkit|yoga-layout)[/\\]/.test(m))).toEqual([]);
    expect(modules.filter((m) => /[/\\]dist[/\\]screens[/\\]/.test(m))).toEqual([]);
  });
});
