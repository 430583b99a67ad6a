import { EXIT, numberOption, parseCommandArgs, writeJson, writeLine, type Command } from '../command.js';
import { BOUNDS } from '../../src/text/bounds.js';
import { NO_SAVE_WARNING, STOP_WAIT_SECONDS, stopJsonOf, stoppingText, stopProjectRun, stopRefusal } from '../../src/pod/stop.js';
import { targetErrorJsonOf } from '../../src/remote/target-error-json.js';
import { CONNECT_OPTIONS, CONNECT_USAGE, connectOptions, loadOrFail, reportError, withRunTarget } from './pod.js';

export const stopCommand: Command = {
  name: 'stop',
  usage: [
    'Usage: lorapilot stop [--wait SECONDS] [--force] [--json]',
    '',
    "Sends SIGINT, ai-toolkit's clean stop (it prints `Job stopped` and exits 0), and waits for the run to end.",
    NO_SAVE_WARNING,
    '',
    'Options:',
    ...CONNECT_USAGE,
    `      --wait SECONDS   how long to wait for the run to end (default ${STOP_WAIT_SECONDS})`,
    '      --force          SIGKILL instead (a save in progress may be corrupted)',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, { ...CONNECT_OPTIONS, wait: { type: 'string' }, force: { type: 'boolean' } }, false);
    const waitSeconds = numberOption(values.wait, 'wait', BOUNDS.waitSeconds) ?? STOP_WAIT_SECONDS;
    const loaded = await loadOrFail(ctx, values.json);
    if (!loaded) return EXIT.failed;
    const { dir, project } = loaded;
    const refusal = stopRefusal(project);
    if (refusal) {
      if (values.json) writeJson(ctx.stdout, targetErrorJsonOf({ code: 'no-job', message: refusal }));
      else writeLine(ctx.stderr, `lorapilot: ${refusal}.`);
      return EXIT.failed;
    }
    try {
      return await withRunTarget(project, connectOptions(ctx, values), async (target) => {
        if (!values.json) writeLine(ctx.stderr, stoppingText(project, target, values.force));
        const r = await stopProjectRun({ dir, project, target, waitSeconds, force: values.force, onWaiting: values.json ? undefined : (text) => writeLine(ctx.stderr, `  ${text}`) });
        if (values.json) writeJson(ctx.stdout, stopJsonOf(r));
        else writeLine(ctx.stdout, r.message);
        return r.outcome === 'still-running' ? EXIT.failed : EXIT.ok;
      });
    } catch (e) {
      return reportError(ctx, e, values.json);
    }
  },
};
