import { EXIT, parseCommandArgs, writeJson, writeLine, type Command } from '../command.js';
import { isRehearsal, trainProject } from '../../src/pod/pod-service.js';
import { CONNECT_OPTIONS, CONNECT_USAGE, connectOptions, loadOrFail, progressPrinter, reportError, withTarget } from './pod.js';

export const trainCommand: Command = {
  name: 'train',
  usage: [
    'Usage: lorapilot train [HOST] [--stop-pod-when-done] [--json]',
    '',
    'Refuses to launch while the dataset has errors or the config is missing, stale or has lint errors',
    '(--force launches anyway). Checks the pod (like pod doctor), uploads what changed, then starts `python run.py CONFIG` in the',
    'ai-toolkit folder detached from SSH (setsid, or tmux), with PYTHONUNBUFFERED=1 and its output appended to',
    'runs/<id>/run.log on the pod. A dropped connection cannot stop it. HF_TOKEN, when set here, is passed in the',
    "run's environment only. A second launch while a run of this project is alive is refused.",
    '',
    'Options:',
    ...CONNECT_USAGE,
    '      --force      launch even when the dataset or config has errors',
    '      --stop-pod-when-done  stop the pod (runpodctl pod stop $RUNPOD_POD_ID) when training ends',
    '',
    'Then: lorapilot attach (follow the log), lorapilot monitor (chart), lorapilot stop.',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { ...CONNECT_OPTIONS, 'stop-pod-when-done': { type: 'boolean' }, force: { type: 'boolean' } });
    const loaded = await loadOrFail(ctx, values.json);
    if (!loaded) return EXIT.failed;
    const { dir, project } = loaded;
    try {
      return await withTarget(ctx, project, connectOptions(ctx, values, positionals[0]), async (target) => {
        const printer = values.json ? null : progressPrinter(ctx);
        const out = await trainProject({
          dir,
          project,
          target,
          env: ctx.env,
          stopPodWhenDone: values['stop-pod-when-done'],
          force: values.force,
          onPhase: (p) => {
            if (values.json) return;
            if (p === 'checking') writeLine(ctx.stderr, `Checking ${target.label}…`);
            if (p === 'uploading') writeLine(ctx.stderr, 'Uploading the dataset and config…');
            if (p === 'launching') {
              printer?.end();
              writeLine(ctx.stderr, 'Launching ai-toolkit…');
            }
          },
          onProgress: printer?.update,
        });
        const warnings = out.doctor.checks.filter((c) => c.status === 'warn');
        if (values.json) {
          writeJson(ctx.stdout, { ok: true, job: out.job, run: out.launch.run.id, detach: out.launch.detach, uploaded: out.upload.uploaded.length, skipped: out.upload.skipped, warnings });
          return EXIT.ok;
        }
        const label = isRehearsal(project) ? 'Rehearsal training' : 'Training';
        writeLine(ctx.stdout, `${label} started on ${target.label} (run ${out.launch.run.id}, pid ${out.launch.pid}, detached with ${out.launch.detach}).`);
        writeLine(ctx.stdout, `  uploaded ${out.upload.uploaded.length} file${out.upload.uploaded.length === 1 ? '' : 's'}, ${out.upload.skipped} unchanged`);
        writeLine(ctx.stdout, `  log      ${out.job.log}`);
        writeLine(ctx.stdout, `  output   ${out.job.output}`);
        if (values['stop-pod-when-done']) writeLine(ctx.stdout, '  the pod stops itself when training ends');
        for (const w of warnings) writeLine(ctx.stdout, `  ▲ ${w.label}: ${w.detail}${w.fix ? ` (${w.fix})` : ''}`);
        writeLine(ctx.stdout, 'Follow it with: lorapilot attach   (or lorapilot monitor for the loss chart)');
        return EXIT.ok;
      });
    } catch (e) {
      return reportError(ctx, e, values.json);
    }
  },
};
