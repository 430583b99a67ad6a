import { EXIT, numberOption, parseCommandArgs, UsageError, writeJson, writeLine, type Command, type CommandContext } from '../command.js';
import { createProjectPod } from '../../src/pod/pod-create.js';
import { startProjectPod, stopProjectPod, terminateProjectPod, terminateQuestion } from '../../src/pod/pod-lifecycle.js';
import { createJsonOf, createProgressText, lifecycleJsonOf, podListLines, podRow, runpodErrorJsonOf } from '../../src/pod/runpod-report.js';
import { podIdOf, runpodClient } from '../../src/pod/runpod-session.js';
import { CREATE_DEFAULTS, OFFICIAL_TEMPLATE } from '../../src/runpod/create-request.js';
import { RunpodError } from '../../src/runpod/errors.js';
import { glyph } from '../../src/text/glyphs.js';
import { BOUNDS } from '../../src/text/bounds.js';
import { ask, CONNECT_OPTIONS, connectOptions, loadOrFail, podCommand, reportError } from './pod.js';

/** `lorapilot pod create|list|stop|start|terminate`: RunPod's API through src/pod; this file only prints. */

export const RUNPOD_USAGE = [
  '       lorapilot pod create [--gpu "NVIDIA L40S"] [--cloud secure|community] [--image IMAGE | --template ID|official] [--disk GB]',
  '                            [--volume GB | --network-volume ID] [--name NAME] [--user root] [--timeout S] [--yes]',
  '       lorapilot pod list [--json]',
  '       lorapilot pod stop|start [POD_ID] [--json]',
  '       lorapilot pod terminate [POD_ID] [--yes] [--json]',
];

export const RUNPOD_HELP = [
  '  create   rent a pod through RunPod\'s API (key: RUNPOD_API_KEY or runpodctl\'s ~/.runpod/config.toml), wait',
  '           until SSH answers on its public IP, record it in lorapilot.yaml and run the doctor',
  '  list     the account\'s pods, what each costs per hour and since when',
  '  stop     stop the pod (the GPU stops billing; /workspace stays); start starts it again',
  '  terminate  delete the pod, after saying what is lost (asks first; --yes answers it)',
];

function reportRunpod(ctx: CommandContext, e: unknown, json?: boolean): number {
  if (!(e instanceof RunpodError)) return reportError(ctx, e, json);
  if (json) writeJson(ctx.stdout, runpodErrorJsonOf(e));
  else {
    writeLine(ctx.stderr, `lorapilot: ${runpodErrorJsonOf(e).message}`);
    if (e.hint) writeLine(ctx.stderr, `  ${glyph.arrow} ${e.hint}`);
  }
  return EXIT.failed;
}

async function create(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      ...CONNECT_OPTIONS,
      gpu: { type: 'string' },
      cloud: { type: 'string' },
      image: { type: 'string' },
      template: { type: 'string' },
      disk: { type: 'string' },
      volume: { type: 'string' },
      'network-volume': { type: 'string' },
      name: { type: 'string' },
      user: { type: 'string' },
      timeout: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
    },
    false,
  );
  const cloud = (values.cloud ?? 'secure').toUpperCase();
  if (cloud !== 'SECURE' && cloud !== 'COMMUNITY') throw new UsageError('--cloud is secure or community');
  const loaded = await loadOrFail(ctx, values.json);
  if (!loaded) return EXIT.failed;
  const { dir, project } = loaded;
  const choices = {
    name: values.name ?? `lorapilot-${project.name}`,
    gpu: values.gpu ?? CREATE_DEFAULTS.gpu,
    cloud: cloud as 'SECURE' | 'COMMUNITY',
    image: values.image ?? CREATE_DEFAULTS.image,
    disk: numberOption(values.disk, 'disk', BOUNDS.diskGb) ?? CREATE_DEFAULTS.disk,
    volume: numberOption(values.volume, 'volume', BOUNDS.diskGb) ?? CREATE_DEFAULTS.volume,
    networkVolume: values['network-volume'],
    templateId: values.template === 'official' ? OFFICIAL_TEMPLATE : values.template,
  };
  // Progress goes to stderr with --json too: stdout carries the one JSON answer.
  const say = (t: string) => writeLine(ctx.stderr, t);
  const storage = choices.networkVolume ? `network volume ${choices.networkVolume}` : `${choices.volume} GB pod volume`;
  say(`Pod: ${choices.gpu}, ${cloud.toLowerCase()} cloud, ${choices.templateId ? `template ${choices.templateId}` : choices.image}, ${choices.disk} GB container disk, ${storage} at /workspace, TCP 22 on a public IP.`);
  if (ctx.tty && !values.json && !values.yes) {
    const a = await ask(ctx, 'Create it? It bills by the hour until stopped. [y/N] ');
    if (!/^y(es)?$/i.test(a.trim())) {
      say('Nothing created.');
      return EXIT.ok;
    }
  }
  try {
    const client = await runpodClient(project, ctx.env);
    const out = await createProjectPod({
      dir,
      project,
      client,
      choices,
      user: values.user,
      connect: connectOptions(ctx, values),
      env: ctx.env,
      readyTimeoutSeconds: numberOption(values.timeout, 'timeout', BOUNDS.readySeconds),
      pollMs: numberOption(ctx.env.LORAPILOT_RUNPOD_POLL_MS, 'LORAPILOT_RUNPOD_POLL_MS', BOUNDS.pollMs),
      onProgress: (p) => say(createProgressText(p)),
    });
    if (values.json) writeJson(ctx.stdout, createJsonOf(out));
    else {
      writeLine(ctx.stdout, `Pod ${out.pod.id} is ready at ${out.host}; doctor: ${out.doctor.summary.ok} ok, ${out.doctor.summary.warn} warnings, ${out.doctor.summary.fail} failed.`);
      writeLine(ctx.stdout, out.stopsWhenDone ? 'Next: lorapilot train   (the pod stops when training ends; --keep-pod or runpod.stopWhenDone: false keeps it)' : 'Next: lorapilot train');
    }
    return out.doctor.summary.fail > 0 ? EXIT.failed : EXIT.ok;
  } catch (e) {
    return reportRunpod(ctx, e, values.json);
  }
}

async function list(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, false);
  const loaded = await loadOrFail(ctx, values.json);
  if (!loaded) return EXIT.failed;
  try {
    const client = await runpodClient(loaded.project, ctx.env);
    const now = new Date();
    const rows = (await client.listPods()).map((p) => podRow(p, now));
    if (values.json) writeJson(ctx.stdout, { ok: true, pods: rows });
    else for (const l of podListLines(rows, now, loaded.project.runpod?.podId)) writeLine(ctx.stdout, l);
    return EXIT.ok;
  } catch (e) {
    return reportRunpod(ctx, e, values.json);
  }
}

async function lifecycle(action: 'stop' | 'start' | 'terminate', args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } });
  if (positionals.length > 1) throw new UsageError(`pod ${action} takes at most one POD_ID`);
  const loaded = await loadOrFail(ctx, values.json);
  if (!loaded) return EXIT.failed;
  const { dir, project } = loaded;
  try {
    const id = podIdOf(project, positionals[0]);
    const client = await runpodClient(project, ctx.env);
    if (action === 'terminate' && !values.yes) {
      const q = await terminateQuestion(client, id);
      if (q) {
        writeLine(ctx.stderr, q.loss);
        const yes = ctx.tty && !values.json ? /^y(es)?$/i.test((await ask(ctx, `${q.question} [y/N] `)).trim()) : false;
        if (!yes) {
          writeLine(ctx.stderr, ctx.tty && !values.json ? 'Not terminated.' : 'Not terminated: confirm with --yes.');
          return EXIT.failed;
        }
      }
    }
    const r =
      action === 'stop'
        ? await stopProjectPod(dir, client, id)
        : action === 'start'
          ? await startProjectPod({ dir, project, client, id, pollMs: numberOption(ctx.env.LORAPILOT_RUNPOD_POLL_MS, 'LORAPILOT_RUNPOD_POLL_MS', BOUNDS.pollMs) })
          : await terminateProjectPod(dir, client, id);
    if (values.json) writeJson(ctx.stdout, lifecycleJsonOf(r));
    else writeLine(ctx.stdout, r.message);
    return EXIT.ok;
  } catch (e) {
    return reportRunpod(ctx, e, values.json);
  }
}

function usage(base: string): string {
  const lines = base.split('\n');
  const lastUsage = lines.reduce((at, l, i) => (/^(Usage:|\s+lorapilot pod )/.test(l) ? i : at), 0);
  lines.splice(lastUsage + 1, 0, ...RUNPOD_USAGE);
  const options = lines.indexOf('Options:');
  lines.splice(options > 0 ? options - 1 : lines.length, 0, ...RUNPOD_HELP);
  return lines.join('\n');
}

/** `pod` with the RunPod subcommands beside doctor, setup and upload. */
export const podWithRunpod: Command = {
  ...podCommand,
  usage: usage(podCommand.usage),
  run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub === 'create') return create(rest, ctx);
    if (sub === 'list') return list(rest, ctx);
    if (sub === 'stop' || sub === 'start' || sub === 'terminate') return lifecycle(sub, rest, ctx);
    if (sub === undefined) throw new UsageError('pod needs a command: doctor, setup, upload, create, list, stop, start or terminate');
    return podCommand.run(args, ctx);
  },
};
