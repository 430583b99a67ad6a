import { StringDecoder } from 'node:string_decoder';
import { stripAnsi } from '../../src/text/sanitize.js';
import { EXIT, numberOption, parseCommandArgs, writeJson, writeLine, type Command } from '../command.js';
import { projectStallMs } from '../../src/training/job-options.js';
import { BOUNDS } from '../../src/text/bounds.js';
import { attachEndText, attachFailed, attachRun, attachStartText, type AttachChunk } from '../../src/training/attach.js';
import { CONNECT_OPTIONS, CONNECT_USAGE, connectOptions, loadOrFail, reportError, withRunTarget } from './pod.js';

export const attachCommand: Command = {
  name: 'attach',
  usage: [
    'Usage: lorapilot attach [--from BYTES] [--json]',
    '',
    "Streams the run's log from the byte offset stored in lorapilot.yaml and keeps the offset up to date, so",
    'after a dropped connection, a closed laptop or a restart, attach continues exactly where it stopped: no',
    'line lost, none repeated. Ends when the run ends. Ctrl+C detaches; training continues.',
    '',
    'Options:',
    ...CONNECT_USAGE,
    '      --from BYTES     start at this offset (0: the whole log)',
    '',
    '--json prints one JSON object per chunk ({"offset", "text"}) and a final {"state", "exitCode", "offset"}.',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, { ...CONNECT_OPTIONS, from: { type: 'string' } }, false);
    const from = numberOption(values.from, 'from', BOUNDS.byteOffset);
    const loaded = await loadOrFail(ctx, values.json);
    if (!loaded) return EXIT.failed;
    const { dir, project } = loaded;
    const job = project.job;
    if (!job) {
      if (values.json) writeJson(ctx.stdout, { ok: false, error: { code: 'no-job', message: 'no training run yet', hint: 'lorapilot train' } });
      else writeLine(ctx.stderr, 'lorapilot: no training run yet. Start one with: lorapilot train');
      return EXIT.failed;
    }
    const abort = new AbortController();
    const onSig = () => abort.abort();
    process.once('SIGINT', onSig);
    process.once('SIGTERM', onSig);
    process.once('SIGHUP', onSig);
    const start = from ?? job.offset;
    try {
      return await withRunTarget(project, connectOptions(ctx, values), async (target) => {
        if (!values.json) writeLine(ctx.stderr, attachStartText(job, target.label, start));
        // The log's own escape codes never reach a terminal (a character split between chunks is kept whole);
        // piped, the bytes stay exactly the log's, so `attach > run.log` is a faithful copy.
        const text = new StringDecoder('utf8');
        const onChunk = (offset: number, data: Buffer) => {
          const chunk: AttachChunk = { offset, text: data.toString('utf8') };
          if (values.json) writeLine(ctx.stdout, JSON.stringify(chunk));
          else ctx.stdout.write(ctx.tty ? stripAnsi(text.write(data)) : data);
        };
        const onNotice = (message: string) => writeLine(ctx.stderr, `\nlorapilot attach: ${stripAnsi(message)}`);
        const end = await attachRun({ dir, job, target, from: start, signal: abort.signal, onChunk, onNotice, stallMs: projectStallMs(project) });
        if (values.json) {
          writeJson(ctx.stdout, end);
          return EXIT.ok;
        }
        const said = attachEndText(end, abort.signal.aborted);
        if (said) writeLine(ctx.stderr, `\n${said}`);
        return attachFailed(end) ? EXIT.failed : EXIT.ok;
      });
    } catch (e) {
      return reportError(ctx, e, values.json);
    } finally {
      process.off('SIGINT', onSig);
      process.off('SIGTERM', onSig);
      process.off('SIGHUP', onSig);
    }
  },
};
