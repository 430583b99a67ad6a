import { resolve } from 'node:path';
import { EXIT, numberOption, parseCommandArgs, UsageError, writeLine, type Command, type CommandContext } from '../command.js';
import { BOUNDS } from '../../src/text/bounds.js';
import { openWizard } from '../wizard.js';
import { loadProject } from '../../src/project/index.js';
import type { MonitorCallbacks, MonitorHandle, MonitorOptions } from '../../src/training/monitor.js';
import { checkLogFile } from '../../src/training/log-file.js';
import { stripAnsi } from '../../src/text/sanitize.js';
import { jsonPrinter, noRunJsonLine, textPrinter } from '../../src/training/monitor-printer.js';
import { monitorNotifier, notifyMode, NOTIFY_MODES, type NotifyMode } from '../../src/training/notify.js';
import { runFailed } from '../../src/training/status-text.js';
import { watchJob, watchReplay } from '../../src/training/watch.js';
import { STOP_WAIT_SKIPPED_TEXT, stopWaitText, type PodStopWait } from '../../src/training/run-word.js';
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
  'Exit codes: 0 the run finished (or is still going when the monitor stops), 1 it failed or died, or the --replay',
  'file is not a readable text log (a FIFO, device or directory; UTF-16 or binary), 2 usage.',
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
    const epochSteps = numberOption(values['epoch-steps'], 'epoch-steps', BOUNDS.epochSteps) ?? null;
    if (values.notify !== undefined && !(NOTIFY_MODES as readonly string[]).includes(values.notify)) throw new UsageError(`--notify takes ${NOTIFY_MODES.join(', ')}`);
    const notify = notifyMode(values.notify ?? ctx.env.LORAPILOT_NOTIFY);
    const follow: MonitorOptions['follow'] = values.follow ? true : values['no-follow'] ? false : 'auto';

    if (values.replay !== undefined) {
      const file = resolve(ctx.cwd, values.replay);
      const checked = await checkLogFile(file);
      if (!checked.ok) {
        writeLine(ctx.stderr, `lorapilot monitor: ${stripAnsi(checked.message ?? 'cannot read the log')}`);
        return EXIT.failed;
      }
      if (ctx.tty && !values.json) {
        return openWizard({ dir: ctx.cwd, step: 'monitor', params: { replay: file, follow, epochSteps, notify } });
      }
      const project = await loadProject(ctx.cwd).then((r) => (r.ok ? r.project : null));
      return stream(ctx, (cb) => watchReplay({ ...cb, file, follow, epochSteps, project }), { json: !!values.json, lines: !!values.lines, notify });
    }

    const loaded = await loadOrFail(ctx, values.json);
    if (!loaded) return EXIT.failed;
    const { dir, project } = loaded;
    const job = project.job;
    if (!job) {
      if (values.json) writeLine(ctx.stdout, noRunJsonLine());
      else writeLine(ctx.stderr, 'lorapilot: no training run yet. Start one with: lorapilot train (or replay a log: lorapilot monitor --replay FILE)');
      return EXIT.failed;
    }
    if (ctx.tty && !values.json) return openWizard({ dir, step: 'monitor', params: { epochSteps, notify } });
    try {
      return await withRunTarget(project, connectOptions(ctx, values), async (target) => {
        return stream(ctx, (cb, onPodStopWait) => watchJob({ ...cb, dir, project, target, fromStart: !!values['from-start'], epochSteps, env: ctx.env, onPodStopWait }), { live: true, json: !!values.json, lines: !!values.lines, notify });
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
}

/** Run the monitor without a screen: JSON events, or plain text progress lines. */
async function stream(ctx: CommandContext, start: (cb: MonitorCallbacks, onPodStopWait: (w: PodStopWait) => void) => Promise<MonitorHandle>, s: StreamOptions): Promise<number> {
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
  const out = (lines: string[]) => {
    if (!closed) for (const l of lines) writeLine(ctx.stdout, l);
  };
  const printer = s.json ? jsonPrinter({ lines: s.lines }) : textPrinter();
  // In a terminal (piped stdout but a terminal on stderr) the bell still reaches the user.
  const notifier = monitorNotifier(s.notify, (bytes) => {
    if ((ctx.stderr as NodeJS.WriteStream).isTTY) ctx.stderr.write(bytes);
  });
  let stopWait = false;
  const onPodStopWait = (w: PodStopWait) => {
    stopWait = true;
    if (!s.json) out([stopWaitText(w)]);
  };
  try {
    const handle = await start({
      signal: abort.signal,
      onEvent: (e, model) => {
        out(printer.event(e, model));
        notifier.onEvent(e);
      },
      onFlag: (f) => {
        out(printer.flag(f));
        notifier.onFlag(f);
      },
      onAttach: (a, model) => out(printer.attached(a, model)),
      onReconcile: (r) => out(printer.reconciled(r)),
    }, onPodStopWait);
    const snap = await handle.done;
    if (!s.json && abort.signal.aborted && !closed && s.live) writeLine(ctx.stderr, stopWait ? STOP_WAIT_SKIPPED_TEXT : `Stopped watching at byte ${snap.offset}; training continues.`);
    return runFailed(snap) ? EXIT.failed : EXIT.ok;
  } finally {
    process.off('SIGINT', onSig);
    // the pipe-error listener stays: a write still in flight may fail after this point
  }
}
