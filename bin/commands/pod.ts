import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EXIT, parseCommandArgs, UsageError, writeJson, writeLine, type Command, type CommandContext } from '../command.js';
import { formatProblems, loadProject, type Project } from '../../src/project/index.js';
import { setupCommand } from '../../src/pod/doctor.js';
import { DEFAULT_AI_TOOLKIT_DIR, setupJsonOf, setupPod, setupStartText } from '../../src/pod/setup.js';
import { doctorJsonOf, doctorLines, doctorSummaryText, recordDoctor } from '../../src/pod/doctor-report.js';
import { describeState, doctorFor, openTarget, uploadProject, type ConnectOptions } from '../../src/pod/pod-service.js';
import { openRunTarget } from '../../src/pod/run-target.js';
import type { SyncProgress } from '../../src/pod/sync.js';
import { progressPacer, uploadJsonOf, uploadLines } from '../../src/pod/upload-report.js';
import { targetErrorJsonOf } from '../../src/remote/target-error-json.js';
import { TargetError, type Target } from '../../src/remote/target.js';
import { glyph } from '../../src/text/glyphs.js';
import { oneLine, stripAnsi } from '../../src/text/sanitize.js';
import { utf8Stream } from '../../src/text/utf8-stream.js';

/** Options every command that talks to the pod accepts. */
export const CONNECT_OPTIONS = {
  identity: { type: 'string', short: 'i' },
  'accept-new': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const CONNECT_USAGE = [
  '  -i, --identity FILE  private key to use (else IdentityFile from ~/.ssh/config, ssh-agent, ~/.ssh/id_*)',
  '      --accept-new     trust an unknown host key and add it to ~/.ssh/known_hosts (a changed key is always refused)',
  '      --json           machine-readable output',
];

export async function loadOrFail(ctx: CommandContext, json: boolean | undefined): Promise<{ dir: string; project: Project } | null> {
  const dir = resolve(ctx.cwd);
  const r = await loadProject(dir);
  if (!r.ok) {
    if (json) writeJson(ctx.stdout, { ok: false, file: r.file, problems: r.problems });
    else if (r.missing) writeLine(ctx.stderr, `No lorapilot project in ${dir}. Create one with 'lorapilot init' (or try 'lorapilot demo').`);
    else writeLine(ctx.stderr, formatProblems(r.file, r.problems));
    return null;
  }
  return { dir: r.dir, project: r.project };
}

export function ask(ctx: CommandContext, question: string, hidden = false): Promise<string> {
  return new Promise((resolveAnswer) => {
    const stdin = ctx.stdin as NodeJS.ReadStream;
    if (hidden && typeof stdin.setRawMode === 'function') {
      ctx.stderr.write(question);
      let buf = '';
      stdin.setRawMode(true);
      stdin.resume();
      const onData = (d: Buffer) => {
        for (const ch of d.toString('utf8')) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off('data', onData);
            ctx.stderr.write('\n');
            resolveAnswer(buf);
            return;
          }
          if (ch === '\u0003') {
            stdin.setRawMode(false);
            stdin.off('data', onData);
            ctx.stderr.write('\n');
            resolveAnswer('');
            return;
          }
          if (ch === '\u007f') buf = buf.slice(0, -1);
          else buf += ch;
        }
      };
      stdin.on('data', onData);
      return;
    }
    const rl = createInterface({ input: ctx.stdin, output: ctx.stderr });
    rl.question(question, (a) => {
      rl.close();
      resolveAnswer(a);
    });
  });
}

/** Connection options with terminal prompts when a terminal is there, clear errors when not. */
export function connectOptions(ctx: CommandContext, values: { identity?: string; 'accept-new'?: boolean; json?: boolean }, host?: string): ConnectOptions {
  const interactive = ctx.tty && !values.json;
  return {
    host,
    identity: values.identity,
    acceptNew: values['accept-new'],
    env: ctx.env,
    askPassphrase: interactive ? (file) => ask(ctx, `Passphrase for ${file}: `, true).then((p) => (p === '' ? null : p)) : undefined,
    confirmHostKey: interactive
      ? async (p) => {
          writeLine(ctx.stderr, `The authenticity of ${p.host}:${p.port} can't be established.`);
          writeLine(ctx.stderr, `${p.keyType} key fingerprint is ${p.fingerprint}.`);
          const a = await ask(ctx, 'Trust it and add it to known_hosts? [y/N] ');
          return /^y(es)?$/i.test(a.trim());
        }
      : undefined,
    onState: values.json ? undefined : (s) => {
      if (s.state === 'reconnecting' || s.state === 'lost') writeLine(ctx.stderr, `lorapilot: ${describeState(s)}`);
      else if (s.state === 'connected' && reconnectingSeen.has(ctx)) writeLine(ctx.stderr, 'lorapilot: reconnected');
      if (s.state === 'reconnecting') reconnectingSeen.add(ctx);
    },
  };
}
const reconnectingSeen = new WeakSet<CommandContext>();

/** Report a target error (code, message, what to do) in text or JSON; returns the exit code. */
export function reportError(ctx: CommandContext, e: unknown, json?: boolean): number {
  if (e instanceof TargetError) {
    if (json) writeJson(ctx.stdout, targetErrorJsonOf(e));
    else {
      writeLine(ctx.stderr, `lorapilot: ${e.message}`);
      if (e.hint) writeLine(ctx.stderr, `  ${glyph.arrow} ${e.hint}`);
    }
    return EXIT.failed;
  }
  throw e;
}

/** Progress on stderr: one redrawn line in a terminal, a line every few seconds otherwise. */
export function progressPrinter(ctx: CommandContext): { update: (p: SyncProgress) => void; end: () => void } {
  const pace = progressPacer(ctx.tty);
  let drawn = false;
  return {
    update(p) {
      const line = pace(p);
      if (line === null) return;
      if (ctx.tty) {
        ctx.stderr.write(`\r\x1b[K${oneLine(line)}`);
        drawn = true;
      } else writeLine(ctx.stderr, line);
    },
    end() {
      if (drawn) ctx.stderr.write('\r\x1b[K');
    },
  };
}

export async function withTarget<T>(project: Project, opts: ConnectOptions, fn: (t: Target) => Promise<T>): Promise<T> {
  return using(await openTarget(project, opts), fn);
}

/** Like withTarget, on the machine where the project's run is (see runPlace). */
export async function withRunTarget<T>(project: Project, opts: Omit<ConnectOptions, 'host'>, fn: (t: Target) => Promise<T>): Promise<T> {
  return using(await openRunTarget(project, opts), fn);
}

async function using<T>(target: Target, fn: (t: Target) => Promise<T>): Promise<T> {
  try {
    return await fn(target);
  } finally {
    await target.close();
  }
}

async function doctor(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, CONNECT_OPTIONS);
  if (positionals.length > 1) throw new UsageError('pod doctor takes at most one HOST');
  const loaded = await loadOrFail(ctx, values.json);
  if (!loaded) return EXIT.failed;
  const { dir, project } = loaded;
  const host = positionals[0];
  try {
    const report = await withTarget(project, connectOptions(ctx, values, host), (t) => doctorFor(t, project, ctx.env, dir));
    await recordDoctor(dir, report, host);
    if (values.json) writeJson(ctx.stdout, doctorJsonOf(report));
    else {
      writeLine(ctx.stdout, `Pod doctor: ${report.target}`);
      writeLine(ctx.stdout, '');
      for (const l of doctorLines(report)) {
        writeLine(ctx.stdout, `  ${l.text}`);
        if (l.fix) writeLine(ctx.stdout, `  ${' '.repeat(l.detailColumn)}${l.fix}`);
      }
      writeLine(ctx.stdout, '');
      writeLine(ctx.stdout, doctorSummaryText(report.summary));
    }
    return report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
  } catch (e) {
    return reportError(ctx, e, values.json);
  }
}

async function setup(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...CONNECT_OPTIONS, dir: { type: 'string' }, 'dry-run': { type: 'boolean' } });
  const loaded = await loadOrFail(ctx, values.json);
  if (!loaded) return EXIT.failed;
  const aiToolkit = values.dir ?? DEFAULT_AI_TOOLKIT_DIR;
  if (values['dry-run']) {
    writeLine(ctx.stdout, setupCommand(aiToolkit).text);
    return EXIT.ok;
  }
  try {
    return await withTarget(loaded.project, connectOptions(ctx, values, positionals[0]), async (t) => {
      writeLine(ctx.stderr, setupStartText(aiToolkit, t.label));
      // With --json the install's own output goes to stderr: stdout carries the one JSON answer.
      const out = values.json ? ctx.stderr : ctx.stdout;
      const stdout = utf8Stream((s) => out.write(stripAnsi(s)));
      const stderr = utf8Stream((s) => ctx.stderr.write(stripAnsi(s)));
      const r = await setupPod({ dir: loaded.dir, target: t, aiToolkit, onStdout: (c) => stdout.write(c), onStderr: (c) => stderr.write(c) }).finally(() => {
        stdout.end();
        stderr.end();
      });
      if (values.json) writeJson(ctx.stdout, setupJsonOf(r, t.label, aiToolkit));
      else writeLine(ctx.stderr, r.ok ? r.message : `lorapilot: ${r.message}`);
      return r.ok ? EXIT.ok : EXIT.failed;
    });
  } catch (e) {
    return reportError(ctx, e, values.json);
  }
}

async function upload(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...CONNECT_OPTIONS, delete: { type: 'boolean' } });
  const loaded = await loadOrFail(ctx, values.json);
  if (!loaded) return EXIT.failed;
  const { dir, project } = loaded;
  try {
    return await withTarget(project, connectOptions(ctx, values, positionals[0]), async (t) => {
      const printer = values.json ? null : progressPrinter(ctx);
      const r = await uploadProject({ dir, project, target: t, delete: values.delete, onProgress: printer?.update });
      printer?.end();
      if (values.json) writeJson(ctx.stdout, uploadJsonOf(r, t.label));
      else for (const l of uploadLines(r, t.label)) writeLine(ctx.stdout, l);
      return EXIT.ok;
    });
  } catch (e) {
    return reportError(ctx, e, values.json);
  }
}

export const podCommand: Command = {
  name: 'pod',
  usage: [
    'Usage: lorapilot pod doctor [HOST] [--json]',
    '       lorapilot pod setup [HOST] [--dir /workspace/ai-toolkit] [--dry-run]',
    '       lorapilot pod upload [HOST] [--delete] [--json]',
    '',
    'HOST is a ~/.ssh/config alias or user@host:port (RunPod: the public IP and TCP port from the Connect tab;',
    "the ssh.runpod.io proxy cannot run commands). Without HOST, the project's pod.host (or pod.target: local).",
    '',
    '  doctor   check GPU, VRAM, driver, disks, ai-toolkit, python, cached weights, HF_TOKEN, setsid/tmux',
    '  setup    install ai-toolkit (git clone, venv, requirements) and stream the output',
    '  upload   send the dataset (images, captions) and the config; only changed files, resumable, verified',
    '',
    'Options:',
    ...CONNECT_USAGE,
    '      --delete         upload: also delete remote dataset files that are not in the local dataset',
    '',
    'Exit codes: 0 ok, 1 a check failed or the pod could not be reached, 2 usage.',
  ].join('\n'),
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub === 'doctor') return doctor(rest, ctx);
    if (sub === 'setup') return setup(rest, ctx);
    if (sub === 'upload') return upload(rest, ctx);
    throw new UsageError(sub ? `unknown pod command '${sub}' (doctor, setup, upload)` : 'pod needs a command: doctor, setup or upload');
  },
};

