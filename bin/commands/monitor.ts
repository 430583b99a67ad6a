import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT, numberOption, parseCommandArgs, UsageError, writeLine, type Command, type CommandContext } from '../command.js';
import { openWizard } from '../wizard.js';
import { loadProject } from '../../src/project/index.js';
import { saveOffset } from '../../src/pod/pod-service.js';
import { LocalTarget } from '../../src/remote/local-target.js';
import { eventLines, flagLines, progressLine } from '../../src/training/format.js';
import { jobMonitorOptions, projectStepsPerEpoch, recordMonitorProgress as recordProgress, replayOutputFolder as siblingJobFolder } from '../../src/training/job-options.js';
import { startMonitor, type MonitorOptions } from '../../src/training/monitor.js';
import { notificationBytes, notifyMode, NOTIFY_MODES, type NotifyMode } from '../../src/training/notify.js';
import type { RunSnapshot } from '../../src/training/run-model.js';
import { CONNECT_OPTIONS, CONNECT_USAGE, connectOptions, loadOrFail, reportError, withRunTarget } from './pod.js';

const USAGE = [
  'Usage: lorapilot monitor [--replay FILE] [--json] [OPTIONS]',
  '',
  "Watch the project's training run (the one `lorapilot train` launched): loss, progress, checkpoints, samples",
  'and red flags as they happen. In a terminal it opens the Monitor screen; piped, it prints progress lines;',
  'with --json, one JSON event per line. Quitting never stops the training.',
  '',
  'Options:',
  '      --replay FILE      follow a local ai-toolkit log instead (a finished run, or one still being written)',
  '      --follow           keep following --replay FILE until the run in it ends',
  '      --no-follow        read --replay FILE to its current end and stop',
  '      --epoch-steps N    steps per epoch (epoch count, "loss rising across an epoch")',
  `      --notify MODE      ${NOTIFY_MODES.join(' | ')} on finish, failure and red flags (default: LORAPILOT_NOTIFY or bell)`,
  '      --lines            with --json, also print the log lines as {"type":"line"} events',
  '      --from-start       read the run\'s log from its first byte (default: resume where the last monitor stopped,',
  '                         with the run so far restored from the local snapshot)',
  ...CONNECT_USAGE,
  '',
  'A replayed log next to its job folder (ai-toolkit UI layout: <job>/log.txt) also shows that folder\'s samples',
  'and exact losses from loss_log.db.',
  'Exit codes: 0 the run finished (or is still going when the monitor stops), 1 it failed or died, 2 usage.',
].join('\n');

const OPTIONS = {
  ...CONNECT_OPTIONS,
  replay: { type: 'string' },
  follow: { type: 'boolean' },
  'no-follow': { type: 'boolean' },
  'epoch-steps': { type: 'string' },
  notify: { type: 'string' },
  lines: { type: 'boolean' },
  'from-start': { type: 'boolean' },
} as const;

export const monitorCommand: Command = {
  name: 'monitor',
  usage: USAGE,
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, OPTIONS, false);
    if (values.follow && values['no-follow']) throw new UsageError('--follow and --no-follow exclude each other');
    const epochSteps = numberOption(values['epoch-steps'], 'epoch-steps', { integer: true, min: 1 }) ?? null;
    if (values.notify !== undefined && !(NOTIFY_MODES as readonly string[]).includes(values.notify)) throw new UsageError(`--notify takes ${NOTIFY_MODES.join(', ')}`);
    const notify = notifyMode(values.notify ?? ctx.env.LORAPILOT_NOTIFY);
    const follow: MonitorOptions['follow'] = values.follow ? true : values['no-follow'] ? false : 'auto';

    if (values.replay !== undefined) {
      const file = resolve(ctx.cwd, values.replay);
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) {
        writeLine(ctx.stderr, `lorapilot monitor: no such log file: ${file}`);
        return EXIT.failed;
      }
      if (ctx.tty && !values.json) {
        return openWizard({ dir: ctx.cwd, step: 'monitor', params: { replay: file, follow, epochSteps, notify } });
      }
      const project = await loadProject(ctx.cwd).then((r) => (r.ok ? r.project : null));
      const output = await siblingJobFolder(file);
      return stream(ctx, { target: new LocalTarget(), log: file, from: 0, follow, output, sampleCache: null, stepsPerEpoch: epochSteps ?? projectStepsPerEpoch(project) }, { json: !!values.json, lines: !!values.lines, notify });
    }

    const loaded = await loadOrFail(ctx, values.json);
    if (!loaded) return EXIT.failed;
    const { dir, project } = loaded;
    const job = project.job;
    if (!job) {
      if (values.json) writeLine(ctx.stdout, JSON.stringify({ type: 'error', message: 'no training run yet', traceback: [] }));
      else writeLine(ctx.stderr, 'lorapilot: no training run yet. Start one with: lorapilot train (or replay a log: lorapilot monitor --replay FILE)');
      return EXIT.failed;
    }
    if (ctx.tty && !values.json) return openWizard({ dir, step: 'monitor', params: { epochSteps, notify } });
    try {
      return await withRunTarget(ctx, project, connectOptions(ctx, values), async (target) => {
        const base = await jobMonitorOptions(dir, project, target);
        let lastSaved = job.offset;
        let lastSaveAt = 0;
        const code = await stream(
          ctx,
          {
            ...base,
            snapshot: values['from-start'] ? undefined : base.snapshot,
            follow: true,
            stepsPerEpoch: epochSteps ?? base.stepsPerEpoch,
            onOffset: (offset) => {
              if (Date.now() - lastSaveAt < 1000 || offset === lastSaved) return;
              lastSaveAt = Date.now();
              lastSaved = offset;
              void saveOffset(dir, offset).catch(() => {});
            },
          },
          { live: true, json: !!values.json, lines: !!values.lines, notify, onEnd: async (snap) => {
            if (snap.offset !== lastSaved) await saveOffset(dir, snap.offset).catch(() => {});
            await recordProgress(dir, snap);
          } },
        );
        return code;
      });
    } catch (e) {
      return reportError(ctx, e, values.json);
    }
  },
};

interface StreamOptions {
  /** Watching a launched run (not a replay). */
  live?: boolean;
  json: boolean;
  lines: boolean;
  notify: NotifyMode;
  onEnd?: (s: RunSnapshot) => Promise<void>;
}

/** Run the monitor without a screen: JSON events, or plain text progress lines. */
async function stream(ctx: CommandContext, o: MonitorOptions, s: StreamOptions): Promise<number> {
  const abort = new AbortController();
  const onSig = () => abort.abort();
  process.once('SIGINT', onSig);
  // `lorapilot monitor --json | head`: a closed pipe ends the monitor quietly.
  let closed = false;
  const onPipeError = () => {
    closed = true;
    abort.abort();
  };
  ctx.stdout.on('error', onPipeError);
  let lastPrint = 0;
  let lastBucket = -1;
  // In a terminal (piped stdout but a terminal on stderr) the bell still reaches the user.
  const bell = (msg: string) => {
    const bytes = notificationBytes(s.notify, msg);
    if (bytes && (ctx.stderr as NodeJS.WriteStream).isTTY) ctx.stderr.write(bytes);
  };
  const out = (line: string) => {
    if (!closed) writeLine(ctx.stdout, line);
  };
  const handle = startMonitor({
    ...o,
    signal: abort.signal,
    onEvent: (e) => {
      if (s.json) {
        if (e.type !== 'line' || s.lines) out(JSON.stringify(e));
        return;
      }
      if (e.type === 'progress') {
        const total = e.total || 1;
        const bucket = Math.floor((e.count / total) * 20);
        // every 5 % of the run, or every 30 s while following
        if (bucket !== lastBucket || Date.now() - lastPrint > 30_000 || e.count === e.total) {
          lastBucket = bucket;
          lastPrint = Date.now();
          const snap = handle.model.snapshot();
          out(progressLine({ ...snap, count: e.count, total: e.total, rate: e.rate, elapsed: e.elapsed, eta: e.eta }, handle.model.series.last?.ema ?? null));
        }
        return;
      }
      for (const l of eventLines(e)) out(l);
      if (e.type === 'finished') bell(e.exitCode === 0 ? 'training finished' : 'training failed');
    },
    onFlag: (f) => {
      if (s.json) out(JSON.stringify({ type: 'flag', ...f }));
      else for (const l of flagLines(f)) out(l);
      if (f.severity !== 'info') bell(f.message);
    },
    onAttach: (a) => {
      if (!a.restored) return;
      const snap = handle.model.snapshot();
      if (s.json) out(JSON.stringify({ type: 'attached', offset: a.offset, count: snap.count, total: snap.total, status: snap.status }));
      else out(`attached at byte ${a.offset}: ${progressLine(snap, handle.model.series.last?.ema ?? null)} (the run so far from the saved state; --from-start re-reads the log)`);
    },
    onReconcile: (r) => {
      if (s.json) out(JSON.stringify({ type: 'reconciled', replaced: r.replaced, appended: r.appended, skipped: r.skipped, mismatches: r.mismatches.length }));
    },
  });
  try {
    const snap = await handle.done;
    await s.onEnd?.(snap);
    if (!s.json && abort.signal.aborted && !closed && s.live) writeLine(ctx.stderr, `Stopped watching at byte ${snap.offset}; training continues.`);
    return snap.status === 'failed' || snap.status === 'died' ? EXIT.failed : EXIT.ok;
  } finally {
    process.off('SIGINT', onSig);
    // the pipe-error listener stays: a write still in flight may fail after this point
  }
}
