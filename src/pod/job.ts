import { posix } from 'node:path';
import { z } from 'zod';
import { jobOutputFolder, type RemoteLayout } from '../project/pod-layout.js';
import { quote, raw, sh, type Raw } from '../remote/shell.js';
import { tailFile, type TailChange, type TailChunk } from '../remote/tail.js';
import { TargetError, type Target } from '../remote/target.js';
import { RUNNER_NOTIFY } from './runner-notify.js';

/**
 * Training runs detached from the SSH session, so a dropped connection cannot kill it (DESIGN.md):
 *   setsid -f sh -c RUNNER  </dev/null >>run.log 2>&1
 * The runner writes its pid (also the process group), runs `python run.py CONFIG` in the ai-toolkit folder with
 * PYTHONUNBUFFERED=1 and no PTY (reference/ai-toolkit.md §1.1, §1.3), then writes the exit code.
 * HF_TOKEN and the notification targets (LP_NOTIFY) arrive on the command's stdin and live only in the process
 * environment: never in argv, a file or a log.
 */

export interface RunFiles {
  id: string;
  dir: string;
  log: string;
  pid: string;
  exitCode: string;
  launch: string;
}

export function runFiles(layout: RemoteLayout, id: string): RunFiles {
  const dir = posix.join(layout.runs, id);
  return {
    id,
    dir,
    log: posix.join(dir, 'run.log'),
    pid: posix.join(dir, 'pid'),
    exitCode: posix.join(dir, 'exit-code'),
    launch: posix.join(dir, 'launch.json'),
  };
}

/** A sortable, readable run id: 20260124-213005. */
export function newRunId(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
}

export const launchRecord = z.object({
  id: z.string(),
  startedAt: z.string(),
  aiToolkit: z.string(),
  python: z.string(),
  config: z.string(),
  output: z.string(),
  jobName: z.string(),
  detach: z.enum(['setsid', 'tmux']),
  stopPodWhenDone: z.boolean(),
});
export type LaunchRecord = z.infer<typeof launchRecord>;

/**
 * The runner script. Arguments arrive as positional parameters ($1…$7), so no value is ever spliced into it.
 * `trap : INT TERM` keeps the runner alive through a stop so it can still write the exit code, while python
 * (whose handlers are reset to the default in the child) receives SIGINT and stops cleanly.
 */
const RUNNER = [
  'trap : INT TERM HUP',
  'echo $$ > "$1"',
  'cd "$2" || { echo 127 > "$4.tmp"; mv "$4.tmp" "$4"; exit 127; }',
  'echo "lorapilot: starting $3 run.py $5 in $2 at $(date -u +%Y-%m-%dT%H:%M:%SZ)"',
  'PYTHONUNBUFFERED=1 "$3" run.py "$5"',
  'code=$?',
  'echo "lorapilot: run.py exited with code $code at $(date -u +%Y-%m-%dT%H:%M:%SZ)"',
  'echo "$code" > "$4.tmp" && mv "$4.tmp" "$4"',
  RUNNER_NOTIFY,
  'if [ "$6" = 1 ]; then echo "lorapilot: stopping the pod ($RUNPOD_POD_ID)"; runpodctl pod stop "$RUNPOD_POD_ID" || runpodctl stop pod "$RUNPOD_POD_ID"; fi',
].join('\n');

export interface LaunchOptions {
  target: Target;
  layout: RemoteLayout;
  aiToolkit: string;
  python: string;
  /** The config on the target. */
  config: string;
  jobName: string;
  hfToken?: string;
  stopPodWhenDone?: boolean;
  /** Notification targets for the runner, as runnerSpec encodes them ('' for none). */
  notifySpec?: string;
  runId?: string;
}

export interface LaunchResult {
  run: RunFiles;
  pid: number;
  output: string;
  detach: 'setsid' | 'tmux';
}

/** The command that starts a run detached. Exposed for tests: what is quoted, what travels on stdin. */
export function launchCommand(run: RunFiles, o: { aiToolkit: string; python: string; config: string; stopPodWhenDone: boolean; detach: 'setsid' | 'tmux' }): Raw {
  const args = [run.pid, o.aiToolkit, o.python, run.exitCode, o.config, o.stopPodWhenDone ? '1' : '0'];
  const readToken = raw(
    'HF_TOKEN=; IFS= read -r HF_TOKEN || true; if [ -n "$HF_TOKEN" ]; then export HF_TOKEN; else unset HF_TOKEN; fi; ' +
      'LP_NOTIFY=; IFS= read -r LP_NOTIFY || true; if [ -n "$LP_NOTIFY" ]; then export LP_NOTIFY; else unset LP_NOTIFY; fi',
  );
  if (o.detach === 'setsid') {
    return sh`${readToken}; setsid -f sh -c ${RUNNER} lorapilot-run ${args} < /dev/null >> ${run.log} 2>&1`;
  }
  // tmux (where setsid is missing): the session is created detached; HF_TOKEN reaches it only when this
  // command starts the tmux server (a running server gives new sessions its own environment).
  const inner = `exec sh -c "$0" "$@" < /dev/null >> ${quote(run.log)} 2>&1`;
  return sh`${readToken}; tmux new-session -d -s ${`lorapilot-${run.id}`} sh -c ${inner} ${RUNNER} ${args}`;
}

export async function detachTool(target: Target): Promise<'setsid' | 'tmux' | null> {
  const r = await target.exec(raw('command -v setsid >/dev/null 2>&1 && echo setsid; command -v tmux >/dev/null 2>&1 && echo tmux; true'));
  const found = r.stdout.split('\n').map((s) => s.trim());
  if (found.includes('setsid')) return 'setsid';
  if (found.includes('tmux')) return 'tmux';
  return null;
}

/** The venv python when the ai-toolkit folder has one (the official install), else python3. */
export async function findPython(target: Target, aiToolkit: string): Promise<string> {
  for (const rel of ['venv/bin/python', '.venv/bin/python']) {
    const p = posix.join(aiToolkit, rel);
    if ((await target.stat(p))?.isFile) return p;
  }
  return 'python3';
}

export type RunState =
  | { state: 'running'; pid: number }
  | { state: 'exited'; exitCode: number }
  | { state: 'vanished'; pid: number | null }
  | { state: 'not-started' };

export async function readPid(target: Target, run: Pick<RunFiles, 'pid'>): Promise<number | null> {
  const text = await target.readFile(run.pid).then((b) => b.toString('utf8').trim(), () => '');
  return /^\d+$/.test(text) ? Number(text) : null;
}

export async function runState(target: Target, run: Pick<RunFiles, 'pid' | 'exitCode'>): Promise<RunState> {
  const code = await target.readFile(run.exitCode).then((b) => b.toString('utf8').trim(), () => null);
  if (code !== null && /^-?\d+$/.test(code)) return { state: 'exited', exitCode: Number(code) };
  const pid = await readPid(target, run);
  if (pid === null) return { state: 'not-started' };
  const alive = await target.exec(sh`kill -0 ${pid} 2>/dev/null && echo alive || true`);
  if (alive.stdout.includes('alive')) return { state: 'running', pid };
  // Gone without an exit code: killed (OOM killer, pod restart) before it could write one.
  return { state: 'vanished', pid };
}

/** Runs of this project whose process is still alive (a second launch would train twice on one GPU). */
export async function liveRuns(target: Target, layout: RemoteLayout): Promise<Array<{ run: RunFiles; pid: number }>> {
  const entries = await target.list(layout.runs).catch(() => []);
  const out: Array<{ run: RunFiles; pid: number }> = [];
  for (const e of entries) {
    if (!e.isDirectory) continue;
    const run = runFiles(layout, e.name);
    const s = await runState(target, run);
    if (s.state === 'running') out.push({ run, pid: s.pid });
  }
  return out;
}

export async function launchRun(o: LaunchOptions): Promise<LaunchResult> {
  const { target } = o;
  const live = await liveRuns(target, o.layout);
  if (live.length > 0) {
    throw new TargetError('failed', `a run of this project is still training (run ${live[0].run.id}, pid ${live[0].pid})`, 'watch it with lorapilot attach, or stop it with lorapilot stop');
  }
  if (!(await target.stat(posix.join(o.aiToolkit, 'run.py')))?.isFile) {
    throw new TargetError('not-found', `no run.py in ${o.aiToolkit}`, 'run lorapilot pod doctor to find ai-toolkit, or lorapilot pod setup to install it');
  }
  if (!(await target.stat(o.config))?.isFile) throw new TargetError('not-found', `the config ${o.config} is not on the target`, 'run lorapilot pod upload');
  const detach = await detachTool(target);
  if (!detach) throw new TargetError('failed', 'neither setsid nor tmux is available on the target', 'install util-linux (setsid) or tmux');
  const run = runFiles(o.layout, o.runId ?? newRunId());
  await target.mkdirp(run.dir);
  const output = jobOutputFolder(o.layout, o.jobName);
  const record: LaunchRecord = {
    id: run.id,
    startedAt: new Date().toISOString(),
    aiToolkit: o.aiToolkit,
    python: o.python,
    config: o.config,
    output,
    jobName: o.jobName,
    detach,
    stopPodWhenDone: o.stopPodWhenDone === true,
  };
  await target.writeFile(run.launch, JSON.stringify(record, null, 2));
  const cmd = launchCommand(run, { aiToolkit: o.aiToolkit, python: o.python, config: o.config, stopPodWhenDone: o.stopPodWhenDone === true, detach });
  const r = await target.exec(cmd, { stdin: `${o.hfToken ?? ''}\n${o.notifySpec ?? ''}\n` });
  if (r.code !== 0) throw new TargetError('failed', `could not start the run: ${(r.stderr || r.stdout).trim() || `exit ${r.code}`}`);
  // The runner writes its pid first thing; wait for it (a few hundred ms at most on a healthy pod).
  let pid: number | null = null;
  for (let i = 0; i < 100 && pid === null; i++) {
    pid = await readPid(target, run);
    if (pid === null) await new Promise((res) => setTimeout(res, 50));
  }
  if (pid === null) throw new TargetError('failed', `the run did not start (no pid file after 5 s); see ${run.log}`);
  return { run, pid, output, detach };
}

export interface StopResult {
  /** What happened: stopped cleanly, had already ended, or is still running after the wait. */
  outcome: 'stopped' | 'already-ended' | 'still-running' | 'vanished';
  exitCode: number | null;
}

/**
 * SIGINT to the run's process group: ai-toolkit's clean stop (`Job stopped`, exit 0). It does NOT save a
 * checkpoint on stop (reference/ai-toolkit.md §1.8): the newest saved checkpoint is what remains.
 */
export async function stopRun(target: Target, run: Pick<RunFiles, 'pid' | 'exitCode'>, opts: { waitMs?: number; force?: boolean; onWaiting?: (ms: number) => void } = {}): Promise<StopResult> {
  const before = await runState(target, run);
  if (before.state === 'exited') return { outcome: 'already-ended', exitCode: before.exitCode };
  if (before.state !== 'running') return { outcome: 'vanished', exitCode: null };
  const sig = opts.force ? 'KILL' : 'INT';
  // `kill -SIG -PGID` (no `--`: dash's kill builtin rejects it) reaches python and the runner, whose trap keeps
  // it alive to record the exit code.
  await target.exec(sh`kill -${raw(sig)} -${before.pid} 2>/dev/null || kill -${raw(sig)} ${before.pid}`);
  const waitMs = opts.waitMs ?? 60_000;
  const t0 = Date.now();
  for (;;) {
    const s = await runState(target, run);
    if (s.state === 'exited') return { outcome: 'stopped', exitCode: s.exitCode };
    if (s.state === 'vanished') return { outcome: 'vanished', exitCode: null };
    const waited = Date.now() - t0;
    if (waited > waitMs) return { outcome: 'still-running', exitCode: null };
    opts.onWaiting?.(waited);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/**
 * Follow a run's log from a byte offset until the run has ended and the log is drained. Each chunk carries the
 * offset just after it: store it, and a later attach continues exactly there.
 */
export function followRun(target: Target, run: Pick<RunFiles, 'log' | 'exitCode'>, from: number, signal?: AbortSignal, pollMs = 200, onChange?: (c: TailChange) => void): AsyncGenerator<TailChunk> {
  return tailFile(target, run.log, {
    from,
    follow: true,
    signal,
    pollMs,
    onChange,
    done: async () => (await target.stat(run.exitCode)) !== null,
  });
}
