import { relative } from 'node:path';
import type { CheckpointIndex } from '../../src/checkpoints/checkpoint-index.js';
import { DEFAULT_SEEDS, DEFAULT_STRENGTHS } from '../../src/checkpoints/comfy-plan.js';
import { checkpointDeps } from '../../src/checkpoints/deps.js';
import { checkpointsToDownload } from '../../src/checkpoints/download-pick.js';
import { DownloadQueue } from '../../src/checkpoints/download-queue.js';
import { nextStepText, notDownloaded, notDownloadedText, outcomeLine, progressText } from '../../src/checkpoints/download-text.js';
import { indexToJson, type CheckpointsFailureJson, type ChooseJson, type DownloadJson, type MarkJson, type PlanJson, type ProjectFailureJson, type ScoreJson } from '../../src/checkpoints/json.js';
import { countsLine, findingLines, listCounts, tableLines } from '../../src/checkpoints/list-text.js';
import { writeTestPlan } from '../../src/checkpoints/plan-service.js';
import { planLines } from '../../src/checkpoints/plan-text.js';
import { rankingHeader, rankingLine } from '../../src/checkpoints/ranking-text.js';
import { CRITERIA, isCriterion, projectRanking, validScore } from '../../src/checkpoints/scoring.js';
import { choose, choseText, setMarked, setScore } from '../../src/checkpoints/selection.js';
import { indexProject, openCheckpoints, type OpenResult } from '../../src/checkpoints/session.js';
import { projectPaths } from '../../src/checkpoints/source.js';
import { knownSteps, parseStepArg, type StepArg } from '../../src/checkpoints/steps.js';
import { formatProblems, loadProject, updateProject, type Project } from '../../src/project/index.js';
import { glyph } from '../../src/text/glyphs.js';
import { EXIT, numberOption, parseCommandArgs, UsageError, writeJson, writeLine, type Command, type CommandContext } from '../command.js';
import { BOUNDS, parseBounded } from '../../src/text/bounds.js';
import { oneLine } from '../../src/text/sanitize.js';
import { openWizard } from '../wizard.js';
import { faces, scoreImages } from './checkpoints-faces.js';

/** Strengths in one plan: each is another image per seed and checkpoint. */
const MAX_STRENGTHS = 20;

const USAGE = [
  'Usage: lorapilot checkpoints [SUBCOMMAND] [OPTIONS]',
  '',
  'In a terminal with no subcommand, opens the Checkpoints screen. Otherwise:',
  '  list                      table of checkpoints: step, epoch, loss, size, where, marked, chosen (default)',
  '  download [STEP...]        download checkpoints into loras/ (default: the marked ones); resumable',
  '  mark STEP... [--unmark]   mark (or unmark) candidates to compare and test',
  '  choose STEP [--note TEXT] record the chosen checkpoint in lorapilot.yaml',
  '  score [STEP CRITERION N]  score a checkpoint 1–5 on face | skin | prompt; alone: the ranked summary',
  '  plan [STEP...]            write a ComfyUI test plan (default: the chosen and marked checkpoints)',
  '  faces                     every sample against the training identity: same person or not, per checkpoint',
  '  score-images DIR          the test plan images ComfyUI wrote: identity per strength, the sweet-spot strength',
  '',
  'STEP is a step number (as in the file name) or "final".',
  '',
  'Options:',
  '  --json              print JSON instead of text',
  '  --folder DIR        read an ai-toolkit output folder on this machine instead of the recorded run',
  '  --replace           download: replace a different local file of the same name',
  '  --seeds N           plan: seeds per prompt (default 5; the guide says 5–10)',
  '  --strengths LIST    plan: comma-separated LoRA strengths (default 0.6,0.7,0.8,0.9,1.0)',
  '  --loader MODE       plan: auto (per model family) or checkpoint (one all-in-one base model file)',
  '  --base FILE         plan: the base model file name in ComfyUI',
  '  --out DIR           plan: output folder (default comfy-plan/)',
  '',
  'Exit codes: 0 ok, 1 a problem (no run, unreachable pod, failed download), 2 usage.',
].join('\n');

export const checkpointsCommand: Command = {
  name: 'checkpoints',
  usage: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean' },
      folder: { type: 'string' },
      note: { type: 'string' },
      unmark: { type: 'boolean' },
      replace: { type: 'boolean' },
      seeds: { type: 'string' },
      strengths: { type: 'string' },
      loader: { type: 'string' },
      base: { type: 'string' },
      out: { type: 'string' },
    });
    const [sub, ...rest] = positionals;
    if (sub === undefined && ctx.tty && !values.json) return openWizard({ dir: ctx.cwd, step: 'checkpoints', params: values.folder ? { folder: values.folder } : {} });
    const loaded = await loadProject(ctx.cwd);
    if (!loaded.ok) {
      if (values.json) writeJson(ctx.stdout, { ok: false, file: loaded.file, problems: loaded.problems } satisfies ProjectFailureJson);
      else if (loaded.missing) writeLine(ctx.stderr, `No lorapilot project in ${ctx.cwd}. Create one with 'lorapilot init'.`);
      else writeLine(ctx.stderr, formatProblems(loaded.file, loaded.problems));
      return EXIT.failed;
    }
    const o: Opts = { ctx, project: loaded.project, json: Boolean(values.json), folder: values.folder };
    switch (sub ?? 'list') {
      case 'list':
        if (rest.length) throw new UsageError(`list takes no arguments, got '${rest[0]}'`);
        return list(o);
      case 'download':
        return download(o, rest, Boolean(values.replace));
      case 'mark':
        return mark(o, rest, Boolean(values.unmark));
      case 'choose':
        if (rest.length !== 1) throw new UsageError('choose takes one STEP');
        return chooseStep(o, rest[0], values.note ?? '');
      case 'score':
        return score(o, rest);
      case 'faces':
        return faces(o, rest);
      case 'score-images':
        return scoreImages(o, rest);
      case 'plan': {
        const seeds = numberOption(values.seeds, 'seeds', BOUNDS.seeds) ?? DEFAULT_SEEDS;
        const strengths = values.strengths ? parseStrengths(values.strengths) : DEFAULT_STRENGTHS;
        if (values.loader && values.loader !== 'auto' && values.loader !== 'checkpoint') throw new UsageError(`--loader is auto or checkpoint, not '${values.loader}'`);
        return plan(o, rest, { seeds, strengths, loader: (values.loader ?? 'auto') as PlanArgs['loader'], base: values.base, out: values.out });
      }
      default:
        throw new UsageError(`unknown subcommand '${sub}' (list, download, mark, choose, score, plan, faces, score-images)`);
    }
  },
};

interface Opts {
  ctx: CommandContext;
  project: Project;
  json: boolean;
  folder?: string;
}

type Opened = Extract<OpenResult, { ok: true }>;

function open(o: Opts): Promise<OpenResult> {
  return openCheckpoints(o.project, o.ctx.cwd, { folder: o.folder, ...checkpointDeps(o.ctx.env) });
}

function fail(o: Opts, message: string, fix?: string): number {
  if (o.json) writeJson(o.ctx.stdout, { ok: false, message, ...(fix ? { fix } : {}) } satisfies CheckpointsFailureJson);
  else writeLine(o.ctx.stderr, `${glyph.error} ${message}${fix ? `\n  ${fix}` : ''}`);
  return EXIT.failed;
}

/** Run `body` with the project's checkpoints indexed; the connection is closed afterwards. */
async function withIndex(o: Opts, body: (index: CheckpointIndex, r: Opened) => Promise<number>): Promise<number> {
  const r = await open(o);
  if (!r.ok) return fail(o, r.message, r.fix);
  try {
    return await body(await indexProject(o.project, o.ctx.cwd, r), r);
  } finally {
    await r.target.close();
  }
}

function list(o: Opts): Promise<number> {
  return withIndex(o, async (index, r) => {
    const json = indexToJson(index, r.source.host);
    if (o.json) {
      writeJson(o.ctx.stdout, json);
      return json.ok ? EXIT.ok : EXIT.failed;
    }
    const out = (line: string) => writeLine(o.ctx.stdout, line);
    out(`${index.jobName} on ${r.source.host} ${glyph.dash} ${index.folder}`);
    if (index.checkpoints.length === 0) out('  no checkpoints yet');
    else tableLines(index.checkpoints, r.source.local).forEach(out);
    out('');
    out(countsLine(listCounts(index, o.project.checkpoints.marked, o.project.checkpoints.chosen?.step ?? null)));
    for (const f of index.findings) out(findingLines(f).join('\n'));
    return json.ok ? EXIT.ok : EXIT.failed;
  });
}

function stepArg(s: string): StepArg {
  const step = parseStepArg(s);
  if (step === null) throw new UsageError(`STEP is a step number or 'final', not '${s}'`);
  return step;
}

function download(o: Opts, args: string[], replace: boolean): Promise<number> {
  const steps = args.map(stepArg);
  return withIndex(o, async (index, r) => {
    const pick = checkpointsToDownload(index, o.project.checkpoints.marked, steps);
    if (!pick.ok) {
      writeLine(o.ctx.stderr, `${glyph.error} ${pick.message}`);
      return EXIT.failed;
    }
    const { stdout, stderr, cwd } = o.ctx;
    const live = !o.json && (stderr as NodeJS.WriteStream).isTTY === true;
    const queue = new DownloadQueue();
    const stop = live ? queue.subscribeThrottled((s) => stderr.write(`\r\u001b[2K${s.items[s.current]?.status === 'running' ? oneLine(progressText(s)) : ''}`)) : () => {};
    const results = await queue.start(r.target, pick.entries, projectPaths(cwd).loras, {
      replace,
      onOutcome: (res) => {
        if (live) stderr.write('\r\u001b[2K');
        if (!o.json) writeLine(stdout, outcomeLine(res, cwd));
      },
    });
    stop();
    const failed = notDownloaded(results);
    if (o.json) writeJson(stdout, { ok: failed.length === 0, results } satisfies DownloadJson);
    else if (failed.length) writeLine(stdout, `${notDownloadedText(results)}; ${nextStepText(results)}.`);
    return failed.length ? EXIT.failed : EXIT.ok;
  });
}

/** Steps named on the command line, checked against the checkpoints; a problem is printed. */
async function checkedSteps(o: Opts, args: string[]): Promise<number[] | null> {
  const k = await knownSteps(o.project, o.ctx.cwd, args.map(stepArg), { folder: o.folder, ...checkpointDeps(o.ctx.env) });
  if (!k.ok) {
    writeLine(o.ctx.stderr, `${glyph.error} ${k.message}`);
    return null;
  }
  if (k.warning && !o.json) writeLine(o.ctx.stderr, `${glyph.warning} ${k.warning}`);
  return k.steps;
}

async function mark(o: Opts, args: string[], unmark: boolean): Promise<number> {
  if (args.length === 0) throw new UsageError('mark takes one or more STEPs');
  const steps = await checkedSteps(o, args);
  if (!steps) return EXIT.failed;
  const p = await updateProject(o.ctx.cwd, (p) => setMarked(p, steps, !unmark));
  if (o.json) writeJson(o.ctx.stdout, { ok: true, marked: p.checkpoints.marked } satisfies MarkJson);
  else writeLine(o.ctx.stdout, `${glyph.success} marked: ${p.checkpoints.marked.join(', ') || 'none'}`);
  return EXIT.ok;
}

async function chooseStep(o: Opts, arg: string, note: string): Promise<number> {
  const steps = await checkedSteps(o, [arg]);
  if (!steps) return EXIT.failed;
  const p = await updateProject(o.ctx.cwd, (p) => choose(p, steps[0], note));
  if (o.json) writeJson(o.ctx.stdout, { ok: true, chosen: p.checkpoints.chosen } satisfies ChooseJson);
  else writeLine(o.ctx.stdout, `${glyph.success} ${choseText(steps[0], p.checkpoints.chosen?.note ?? '')} (recorded in lorapilot.yaml)`);
  return EXIT.ok;
}

async function score(o: Opts, args: string[]): Promise<number> {
  let project = o.project;
  if (args.length > 0) {
    if (args.length !== 3) throw new UsageError('score takes STEP CRITERION N (criteria: face, skin, prompt; N from 1 to 5)');
    const step = stepArg(args[0]);
    if (step === 'final') throw new UsageError("score takes the final checkpoint's step number");
    const criterion = args[1];
    if (!isCriterion(criterion)) throw new UsageError(`CRITERION is ${CRITERIA.map((c) => c.id).join(', ')}, not '${criterion}'`);
    const n = numberOption(args[2], 'N', BOUNDS.score)!;
    if (!validScore(n)) throw new UsageError(`a score is from 1 to 5, not ${n}`);
    project = await updateProject(o.ctx.cwd, (p) => setScore(p, step, criterion, n));
  }
  const rows = projectRanking(project.checkpoints);
  if (o.json) {
    writeJson(o.ctx.stdout, { ok: true, criteria: CRITERIA.map((c) => ({ id: c.id, label: c.label })), ranking: rows } satisfies ScoreJson);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    writeLine(o.ctx.stdout, 'No scores yet. Score with: lorapilot checkpoints score STEP face|skin|prompt 1-5');
    return EXIT.ok;
  }
  for (const line of [rankingHeader(), ...rows.map(rankingLine)]) writeLine(o.ctx.stdout, line);
  return EXIT.ok;
}

function parseStrengths(s: string): number[] {
  const parts = s.split(',');
  // Each strength is one more image per seed and checkpoint: the list is as bounded as its values.
  if (parts.length > MAX_STRENGTHS) throw new UsageError(`--strengths takes at most ${MAX_STRENGTHS} values, not ${parts.length}`);
  return parts.map((x) => {
    const r = parseBounded(x, BOUNDS.strength);
    if (!r.ok) throw new UsageError(`--strengths: each ${r.message}`);
    return r.value;
  });
}

interface PlanArgs {
  seeds: number;
  strengths: number[];
  loader: 'auto' | 'checkpoint';
  base?: string;
  out?: string;
}

async function plan(o: Opts, args: string[], opt: PlanArgs): Promise<number> {
  const steps = args.map(stepArg);
  // File names from the index when the checkpoints can be listed; else ai-toolkit's naming rule.
  const r = await open(o);
  let index: CheckpointIndex | null = null;
  if (r.ok) {
    try {
      index = await indexProject(o.project, o.ctx.cwd, r);
    } finally {
      await r.target.close();
    }
  }
  const jobName = r.ok ? r.source.jobName : (o.project.job?.name ?? o.project.name);
  const res = await writeTestPlan({ project: o.project, dir: o.ctx.cwd, index, jobName, steps, ...opt });
  if (!res.ok) return fail(o, res.message);
  const { plan: p, folder } = res;
  if (o.json) {
    writeJson(o.ctx.stdout, { ok: true, folder, family: p.family, checkpoints: p.checkpoints, runs: p.runs.length, assumptions: p.assumptions } satisfies PlanJson);
    return EXIT.ok;
  }
  for (const line of planLines(p, relative(o.ctx.cwd, folder) || '.')) writeLine(o.ctx.stdout, line);
  return EXIT.ok;
}
