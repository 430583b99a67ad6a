import { EXIT, parseCommandArgs, writeJson, writeLine, type Command } from '../command.js';
import { trainProject } from '../../src/pod/pod-service.js';
import { trainJsonOf, trainLines, trainPhaseText } from '../../src/pod/train-report.js';
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
    '      --stop-pod-when-done  stop the pod (runpodctl pod stop $RUNPOD_POD_ID) when training ends; the default',
    '                   for a pod made by lorapilot pod create while an API key is present',
    '      --keep-pod   leave the pod running when training ends (or runpod.stopWhenDone: false)',
    '',
    'When the run ends, the pod itself sends word (curl or python3) to the ntfy topic and webhook of lorapilot.yaml',
    "(notify:) or LORAPILOT_NTFY_TOPIC, LORAPILOT_NTFY_SERVER, LORAPILOT_WEBHOOK_URL, LORAPILOT_WEBHOOK_FORMAT (json, discord, slack).",
    '',
    'Then: lorapilot attach (follow the log), lorapilot monitor (chart), lorapilot stop.',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, { ...CONNECT_OPTIONS, 'stop-pod-when-done': { type: 'boolean' }, 'keep-pod': { type: 'boolean' }, force: { type: 'boolean' } });
    const loaded = await loadOrFail(ctx, values.json);
    if (!loaded) return EXIT.failed;
    const { dir, project } = loaded;
    try {
      return await withTarget(project, connectOptions(ctx, values, positionals[0]), async (target) => {
        const printer = values.json ? null : progressPrinter(ctx);
        const out = await trainProject({
          dir,
          project,
          target,
          env: ctx.env,
          stopPodWhenDone: values['keep-pod'] ? false : values['stop-pod-when-done'],
          force: values.force,
          onPhase: (p) => {
            if (p === 'launching') printer?.end();
            const text = values.json ? null : trainPhaseText(p, target.label);
            if (text) writeLine(ctx.stderr, text);
          },
          onProgress: printer?.update,
        });
        if (values.json) writeJson(ctx.stdout, trainJsonOf(out));
        else for (const l of trainLines(out, target.label, out.stopPodWhenDone)) writeLine(ctx.stdout, l);
        return EXIT.ok;
      });
    } catch (e) {
      return reportError(ctx, e, values.json);
    }
  },
};
