import { EXIT, numberOption, parseCommandArgs, writeJson, writeLine, type Command } from '../command.js';
import { followRun } from '../../src/pod/job.js';
import { jobRun, jobState, saveOffset } from '../../src/pod/pod-service.js';
import { TargetError } from '../../src/remote/target.js';
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
    const from = numberOption(values.from, 'from', { integer: true, min: 0 });
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
    let offset = from ?? job.offset;
    let lastSaved = offset;
    let lastSaveAt = Date.now();
    try {
      return await withRunTarget(ctx, project, connectOptions(ctx, values), async (target) => {
        const run = jobRun(job);
        if (!values.json) writeLine(ctx.stderr, `Attached to ${job.name} on ${target.label}${offset > 0 ? ` from byte ${offset}` : ''} (Ctrl+C detaches; training continues)`);
        try {
          for await (const c of followRun(target, run, offset, abort.signal)) {
            if (values.json) writeLine(ctx.stdout, JSON.stringify({ offset: c.offset, text: c.data.toString('utf8') }));
            else ctx.stdout.write(c.data);
            offset = c.offset;
            if (Date.now() - lastSaveAt > 1000) {
              await saveOffset(dir, offset);
              lastSaved = offset;
              lastSaveAt = Date.now();
            }
          }
        } catch (e) {
          if (offset !== lastSaved) await saveOffset(dir, offset);
          if (e instanceof TargetError) {
            throw new TargetError(e.code, `${e.message} (read up to byte ${offset})`, 'run lorapilot attach again: it continues from there');
          }
          throw e;
        }
        if (offset !== lastSaved) await saveOffset(dir, offset);
        const state = await jobState(target, job);
        if (values.json) {
          writeJson(ctx.stdout, { state: state.state, exitCode: state.state === 'exited' ? state.exitCode : null, offset });
          return EXIT.ok;
        }
        if (abort.signal.aborted) writeLine(ctx.stderr, `\nDetached at byte ${offset}; training continues. lorapilot attach resumes here.`);
        else if (state.state === 'exited') writeLine(ctx.stderr, `\nThe run ended with exit code ${state.exitCode}${state.exitCode === 0 ? '' : ' (failed: the end of the log says why)'}.`);
        else if (state.state === 'vanished') writeLine(ctx.stderr, '\nThe run is gone without an exit code (killed, or the pod restarted).');
        return state.state === 'exited' && state.exitCode !== 0 ? EXIT.failed : EXIT.ok;
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
