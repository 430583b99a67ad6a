import { EXIT, numberOption, parseCommandArgs, writeJson, writeLine, type Command } from '../command.js';
import { stopRun } from '../../src/pod/job.js';
import { jobRun } from '../../src/pod/pod-service.js';
import { CONNECT_OPTIONS, CONNECT_USAGE, connectOptions, loadOrFail, reportError, withTarget } from './pod.js';
import { updateProject } from '../../src/project/index.js';

export const NO_SAVE_WARNING = 'ai-toolkit does not save a checkpoint when stopped: the newest saved checkpoint is what you keep.';

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
    '      --wait SECONDS   how long to wait for the run to end (default 60)',
    '      --force          SIGKILL instead (a save in progress may be corrupted)',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, { ...CONNECT_OPTIONS, wait: { type: 'string' }, force: { type: 'boolean' } }, false);
    const waitS = numberOption(values.wait, 'wait', { min: 0 }) ?? 60;
    const loaded = await loadOrFail(ctx, values.json);
    if (!loaded) return EXIT.failed;
    const job = loaded.project.job;
    if (!job) {
      if (values.json) writeJson(ctx.stdout, { ok: false, error: { code: 'no-job', message: 'no training run to stop' } });
      else writeLine(ctx.stderr, 'lorapilot: no training run to stop.');
      return EXIT.failed;
    }
    try {
      return await withTarget(ctx, loaded.project, { ...connectOptions(ctx, values), host: job.host === 'local' ? undefined : (loaded.project.pod?.host ?? job.host) }, async (target) => {
        if (!values.json) writeLine(ctx.stderr, `Stopping ${job.name} on ${target.label} (${values.force ? 'SIGKILL' : 'SIGINT'})… ${values.force ? '' : NO_SAVE_WARNING}`);
        let dots = 0;
        const r = await stopRun(target, jobRun(job), {
          waitMs: waitS * 1000,
          force: values.force,
          onWaiting: (ms) => {
            if (!values.json && Math.floor(ms / 5000) > dots) {
              dots = Math.floor(ms / 5000);
              writeLine(ctx.stderr, `  still running after ${dots * 5} s…`);
            }
          },
        });
        if (r.outcome === 'stopped' || r.outcome === 'already-ended') {
          await updateProject(loaded.dir, (p) => {
            p.progress.monitor = { status: 'attention', at: new Date().toISOString(), summary: r.outcome === 'stopped' ? 'training stopped by the user' : `training ended (exit ${r.exitCode})` };
          });
        }
        if (values.json) {
          writeJson(ctx.stdout, { ok: r.outcome !== 'still-running', ...r, warning: NO_SAVE_WARNING });
        } else if (r.outcome === 'stopped') writeLine(ctx.stdout, `Stopped: ai-toolkit exited with code ${r.exitCode}. ${NO_SAVE_WARNING}`);
        else if (r.outcome === 'already-ended') writeLine(ctx.stdout, `The run had already ended (exit code ${r.exitCode}).`);
        else if (r.outcome === 'vanished') writeLine(ctx.stdout, 'The run is not running and left no exit code (killed, or the pod restarted).');
        else writeLine(ctx.stdout, `Still running after ${waitS} s (it may be saving or sampling). Try again, or lorapilot stop --force.`);
        return r.outcome === 'still-running' ? EXIT.failed : EXIT.ok;
      });
    } catch (e) {
      return reportError(ctx, e, values.json);
    }
  },
};
