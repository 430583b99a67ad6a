import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EXIT, parseCommandArgs, UsageError, writeJson, writeLine, type Command, type CommandContext } from '../command.js';
import { formatProblems, loadProject, updateProject, type Project } from '../../src/project/index.js';
import { setupCommand, type DoctorReport } from '../../src/pod/doctor.js';
import { describeState, doctorFor, isRehearsal, openTarget, projectLayout, uploadProject, type ConnectOptions } from '../../src/pod/pod-service.js';
import { TargetError, type Target } from '../../src/remote/target.js';
import type { SyncProgress } from '../../src/pod/sync.js';
import { formatBytes, formatDuration } from '../../src/text/format.js';

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

function ask(ctx: CommandContext, question: string, hidden = false): Promise<string> {
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
    if (json) writeJson(ctx.stdout, { ok: false, error: { code: e.code, message: e.message, hint: e.hint ?? null } });
    else {
      writeLine(ctx.stderr, `lorapilot: ${e.message}`);
      if (e.hint) writeLine(ctx.stderr, `  → ${e.hint}`);
    }
    return EXIT.failed;
  }
  throw e;
}

const MARK = { ok: '✔', warn: '▲', fail: '✖' } as const;

export function formatDoctor(r: DoctorReport): string[] {
  const width = Math.max(...r.checks.map((c) => c.label.length)) + 2;
  const lines = [`Pod doctor: ${r.target}`, ''];
  for (const c of r.checks) {
    lines.push(`  ${MARK[c.status]} ${c.label.padEnd(width)}${c.detail}`);
    if (c.fix) lines.push(`    ${' '.repeat(width)}→ ${c.fix}`);
  }
  lines.push('', `${r.summary.ok} ok, ${r.summary.warn} warning${r.summary.warn === 1 ? '' : 's'}, ${r.summary.fail} failed`);
  return lines;
}

export function formatSyncProgress(p: SyncProgress): string {
  if (p.phase === 'hashing') return `hashing ${p.current ?? ''}`;
  if (p.phase === 'comparing') return 'comparing with the pod…';
  if (p.phase === 'verifying') return 'verifying hashes on the pod…';
  if (p.phase === 'deleting') return 'deleting remote files…';
  const pct = p.bytesTotal > 0 ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 100;
  const rate = p.rate > 0 ? `${formatBytes(p.rate)}/s` : '–';
  const eta = p.etaSeconds !== null ? formatDuration(p.etaSeconds) : '–';
  return `${String(pct).padStart(3)}%  ${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}  ${p.filesDone}/${p.filesTotal} files  ${rate}  ETA ${eta}`;
}

/** Progress on stderr: one redrawn line in a terminal, a line every few seconds otherwise. */
export function progressPrinter(ctx: CommandContext): { update: (p: SyncProgress) => void; end: () => void } {
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < (ctx.tty ? 100 : 2000) && p.phase === 'uploading') return;
      last = now;
      const line = formatSyncProgress(p);
      if (ctx.tty) {
        ctx.stderr.write(`\r\x1b[K${line}`);
        drawn = true;
      } else if (p.phase === 'uploading' && p.filesTotal > 0) writeLine(ctx.stderr, line);
    },
    end() {
      if (drawn) ctx.stderr.write('\r\x1b[K');
    },
  };
}

export async function withTarget<T>(ctx: CommandContext, project: Project, opts: ConnectOptions, fn: (t: Target) => Promise<T>): Promise<T> {
  const target = await openTarget(project, opts);
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
    const report = await withTarget(ctx, project, connectOptions(ctx, values, host), (t) => doctorFor(t, project, ctx.env, dir));
    await updateProject(dir, (p) => {
      if (host) p.pod = { ...(p.pod ?? { root: '/workspace/lorapilot', stopPodWhenDone: false }), target: 'ssh', host };
      if (report.aiToolkit && !p.pod?.aiToolkit && p.pod) p.pod.aiToolkit = report.aiToolkit;
      if (p.progress.pod?.status !== 'done') {
        p.progress.pod = { status: 'attention', at: new Date().toISOString(), summary: report.summary.fail > 0 ? `doctor: ${report.summary.fail} problem${report.summary.fail === 1 ? '' : 's'} on ${report.target}` : `doctor ok on ${report.target}; next: lorapilot train` };
      }
    });
    if (values.json) writeJson(ctx.stdout, { ok: report.summary.fail === 0, ...report });
    else for (const l of formatDoctor(report)) writeLine(ctx.stdout, l);
    return report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
  } catch (e) {
    return reportError(ctx, e, values.json);
  }
}

async function setup(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...CONNECT_OPTIONS, dir: { type: 'string' }, 'dry-run': { type: 'boolean' } });
  const loaded = await loadOrFail(ctx, values.json);
  if (!loaded) return EXIT.failed;
  const target = values.dir ?? '/workspace/ai-toolkit';
  const cmd = setupCommand(target);
  if (values['dry-run']) {
    writeLine(ctx.stdout, cmd.text);
    return EXIT.ok;
  }
  try {
    return await withTarget(ctx, loaded.project, connectOptions(ctx, values, positionals[0]), async (t) => {
      writeLine(ctx.stderr, `Installing ai-toolkit into ${target} on ${t.label} (git clone, venv, requirements)…`);
      const r = await t.exec(cmd, { onStdout: (c) => ctx.stdout.write(c), onStderr: (c) => ctx.stderr.write(c) });
      if (r.code !== 0) {
        writeLine(ctx.stderr, `lorapilot: setup failed (exit ${r.code}); the output above says why`);
        return EXIT.failed;
      }
      await updateProject(loaded.dir, (p) => {
        if (p.pod) p.pod.aiToolkit = target;
      });
      writeLine(ctx.stderr, 'Done. Check the pod again: lorapilot pod doctor');
      return EXIT.ok;
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
    return await withTarget(ctx, project, connectOptions(ctx, values, positionals[0]), async (t) => {
      const printer = values.json ? null : progressPrinter(ctx);
      const r = await uploadProject({ dir, project, target: t, delete: values.delete, onProgress: printer?.update });
      printer?.end();
      if (values.json) {
        writeJson(ctx.stdout, {
          ok: true,
          target: t.label,
          remote: r.layout.base,
          uploaded: r.uploaded,
          skipped: r.skipped,
          bytesSent: r.bytesSent,
          resumed: r.resumed,
          deleted: r.deleted,
          extra: r.extra,
          seconds: r.seconds,
          unmappedDatasets: r.config.unmapped,
        });
        return EXIT.ok;
      }
      const rate = r.seconds > 0 ? r.bytesSent / r.seconds : 0;
      writeLine(ctx.stdout, `Uploaded to ${t.label}:${r.layout.base}`);
      writeLine(ctx.stdout, `  ${r.uploaded.length} file${r.uploaded.length === 1 ? '' : 's'} sent (${formatBytes(r.bytesSent)}${rate > 0 ? `, ${formatBytes(rate)}/s` : ''}), ${r.skipped} unchanged, hashes verified`);
      if (r.resumed > 0) writeLine(ctx.stdout, `  ${r.resumed} resumed from a partial upload`);
      if (r.deleted.length > 0) writeLine(ctx.stdout, `  ${r.deleted.length} remote file${r.deleted.length === 1 ? '' : 's'} deleted`);
      if (r.extra.length > 0) writeLine(ctx.stdout, `  ${r.extra.length} remote file${r.extra.length === 1 ? ' is' : 's are'} not in the dataset (kept; --delete removes them)`);
      writeLine(ctx.stdout, `  config → ${r.layout.config}`);
      for (const u of r.config.unmapped) writeLine(ctx.stdout, `  ▲ dataset ${u} is outside the project dataset and was not uploaded`);
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

export { isRehearsal, projectLayout };
