import { relative } from 'node:path';
import type { CheckpointEntry, CheckpointIndex } from '../../src/checkpoints/checkpoint-index.js';
import { DEFAULT_SEEDS, DEFAULT_STRENGTHS } from '../../src/checkpoints/comfy-plan.js';
import { writeTestPlan } from '../../src/checkpoints/plan-service.js';
import { downloadCheckpoint, type DownloadOutcome, type DownloadProgress } from '../../src/checkpoints/download.js';
import { indexToJson } from '../../src/checkpoints/json.js';
import { CRITERIA, isCriterion, rankCheckpoints } from '../../src/checkpoints/scoring.js';
import { choose, setMarked, setScore } from '../../src/checkpoints/selection.js';
import { indexProject, openCheckpoints, type OpenResult } from '../../src/checkpoints/session.js';
import { projectPaths } from '../../src/checkpoints/source.js';
import { formatProblems, loadProject, updateProject, type Project } from '../../src/project/index.js';
import { formatBytes, formatDuration } from '../../src/text/format.js';
import { glyph } from '../../src/text/glyphs.js';
import { EXIT, numberOption, parseCommandArgs, UsageError, writeJson, writeLine, type Command, type CommandContext } from '../command.js';
import { openWizard } from '../wizard.js';
import { checkpointDeps } from '../../src/checkpoints/deps.js';

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
      if (values.json) writeJson(ctx.stdout, { ok: false, file: loaded.file, problems: loaded.problems });
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
      case 'plan': {
        const seeds = numberOption(values.seeds, 'seeds', { integer: true, min: 1 }) ?? DEFAULT_SEEDS;
        const strengths = values.strengths ? parseStrengths(values.strengths) : DEFAULT_STRENGTHS;
        if (values.loader && values.loader !== 'auto' && values.loader !== 'checkpoint') throw new UsageError(`--loader is auto or checkpoint, not '${values.loader}'`);
        return plan(o, rest, { seeds, strengths, loader: (values.loader ?? 'auto') as 'auto' | 'checkpoint', base: values.base, out: values.out });
      }
      default:
        throw new UsageError(`unknown subcommand '${sub}' (list, download, mark, choose, score, plan)`);
    }
  },
};

interface Opts {
  ctx: CommandContext;
  project: Project;
  json: boolean;
  folder?: string;
}

async function open(o: Opts): Promise<OpenResult> {
  return openCheckpoints(o.project, o.ctx.cwd, { folder: o.folder, ...checkpointDeps(o.ctx.env) });
}

async function withIndex(o: Opts): Promise<{ ok: true; index: CheckpointIndex; host: string; close(): Promise<void>; open: Extract<OpenResult, { ok: true }> } | { ok: false }> {
  const r = await open(o);
  if (!r.ok) {
    if (o.json) writeJson(o.ctx.stdout, { ok: false, message: r.message, fix: r.fix });
    else writeLine(o.ctx.stderr, `${glyph.error} ${r.message}\n  ${r.fix}`);
    return { ok: false };
  }
  const index = await indexProject(o.project, o.ctx.cwd, r);
  return { ok: true, index, host: r.source.host, close: () => r.target.close(), open: r };
}

async function list(o: Opts): Promise<number> {
  const r = await withIndex(o);
  if (!r.ok) return EXIT.failed;
  try {
    const json = indexToJson(r.index, r.host);
    if (o.json) {
      writeJson(o.ctx.stdout, json);
      return json.ok ? EXIT.ok : EXIT.failed;
    }
    const { stdout } = o.ctx;
    writeLine(stdout, `${r.index.jobName} on ${r.host} — ${r.index.folder}`);
    if (r.index.checkpoints.length === 0) writeLine(stdout, '  no checkpoints yet');
    else for (const line of tableLines(r.index.checkpoints, r.open.source.local)) writeLine(stdout, line);
    const marked = r.index.checkpoints.filter((c) => c.marked).length;
    writeLine(stdout, '');
    writeLine(
      stdout,
      `${r.index.checkpoints.length} checkpoint(s), ${r.index.promptCount} sample prompt(s)${marked ? `, ${marked} marked` : ''}${o.project.checkpoints.chosen ? `, chosen: step ${o.project.checkpoints.chosen.step}` : ''}`,
    );
    for (const f of r.index.findings) writeLine(stdout, `${glyph[f.severity]} ${f.message}\n  ${f.fix}`);
    return json.ok ? EXIT.ok : EXIT.failed;
  } finally {
    await r.close();
  }
}

/** `where` as the user reads it: on a local run the "pod" is the run folder. */
function whereLabel(c: CheckpointEntry, local: boolean): string {
  if (c.where === 'partial') return `partial ${Math.floor((c.localBytes / Math.max(1, c.size)) * 100)}%`;
  if (!local) return c.where;
  return c.where === 'pod' ? 'run' : c.where === 'both' ? 'run+loras' : c.where === 'local' ? 'loras' : c.where;
}

export function tableLines(rows: readonly CheckpointEntry[], local = false): string[] {
  const head = ['step', 'epoch', 'loss', 'size', 'where', 'marked', 'chosen'];
  const cells = rows.map((c) => [
    c.step === null ? '?' : `${c.step}${c.final ? ' (final)' : ''}`,
    c.epoch === null ? '–' : String(c.epoch),
    c.loss === null ? '–' : c.loss.toFixed(4),
    formatBytes(c.size),
    whereLabel(c, local),
    c.marked ? glyph.marked : '',
    c.chosen ? glyph.success : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const fmt = (r: string[]) => '  ' + r.map((v, i) => (i < 4 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  const bad = rows.map((c) => (c.header === 'bad' ? `  ${glyph.warning} ${c.headerProblem}` : ''));
  return [fmt(head), ...cells.map((r, i) => fmt(r) + bad[i])];
}

function parseStep(s: string): number | 'final' {
  if (s === 'final') return 'final';
  if (!/^\d+$/.test(s)) throw new UsageError(`STEP is a step number or 'final', not '${s}'`);
  return Number(s);
}

function resolveSteps(index: CheckpointIndex, args: string[]): { entries: CheckpointEntry[]; missing: string[] } {
  const entries: CheckpointEntry[] = [];
  const missing: string[] = [];
  for (const a of args) {
    const s = parseStep(a);
    const e = s === 'final' ? index.checkpoints.find((c) => c.final) : index.checkpoints.find((c) => c.step === s && !c.final) ?? index.checkpoints.find((c) => c.step === s);
    if (e) {
      if (!entries.includes(e)) entries.push(e);
    } else missing.push(a);
  }
  return { entries, missing };
}

function available(index: CheckpointIndex): string {
  return index.checkpoints.map((c) => (c.final ? `final (${c.step ?? '?'})` : String(c.step))).join(', ') || 'none';
}

async function download(o: Opts, args: string[], replace: boolean): Promise<number> {
  const r = await withIndex(o);
  if (!r.ok) return EXIT.failed;
  try {
    const { entries, missing } = args.length ? resolveSteps(r.index, args) : { entries: r.index.checkpoints.filter((c) => c.marked), missing: [] };
    if (missing.length) {
      writeLine(o.ctx.stderr, `${glyph.error} no checkpoint at ${missing.join(', ')}; available: ${available(r.index)}`);
      return EXIT.failed;
    }
    if (entries.length === 0) {
      writeLine(o.ctx.stderr, `${glyph.error} nothing to download: name the steps, or mark some with 'lorapilot checkpoints mark STEP'`);
      return EXIT.failed;
    }
    const loras = projectPaths(o.ctx.cwd).loras;
    const results: DownloadOutcome[] = [];
    const live = !o.json && (o.ctx.stderr as NodeJS.WriteStream).isTTY === true;
    for (const e of entries) {
      if (!e.remotePath) {
        results.push({ status: 'already', file: e.file, path: e.localPath ?? '', bytes: e.size });
        continue;
      }
      let last = 0;
      const onProgress = (p: DownloadProgress) => {
        if (!live || (Date.now() - last < 100 && p.bytes < p.total)) return;
        last = Date.now();
        o.ctx.stderr.write(`\r\u001b[2K${progressLine(p)}`);
      };
      const res = await downloadCheckpoint({ target: r.open.target, remotePath: e.remotePath, localDir: loras, replace, expectStep: e.final ? e.headerStep : e.step, onProgress });
      if (live) o.ctx.stderr.write('\r\u001b[2K');
      results.push(res);
      if (!o.json) writeLine(o.ctx.stdout, outcomeLine(res, o.ctx.cwd));
    }
    const failed = results.filter((x) => x.status === 'failed' || x.status === 'conflict' || x.status === 'cancelled');
    if (o.json) writeJson(o.ctx.stdout, { ok: failed.length === 0, results });
    else if (failed.length) writeLine(o.ctx.stdout, `${failed.length} of ${results.length} not downloaded; run the same command again to resume.`);
    return failed.length ? EXIT.failed : EXIT.ok;
  } finally {
    await r.close();
  }
}

export function progressLine(p: DownloadProgress): string {
  const pct = p.total ? Math.floor((p.bytes / p.total) * 100) : 100;
  const rate = p.rate > 0 ? `${formatBytes(p.rate)}/s` : '…';
  return `${p.file}  ${pct}%  ${formatBytes(p.bytes)} / ${formatBytes(p.total)}  ${rate}  ETA ${formatDuration(p.eta)}`;
}

function outcomeLine(r: DownloadOutcome, cwd: string): string {
  switch (r.status) {
    case 'downloaded':
      return `${glyph.success} ${r.file} → ${relative(cwd, r.path)} (${formatBytes(r.bytes)}${r.resumedFrom ? `, resumed at ${formatBytes(r.resumedFrom)}` : ''}, ${r.seconds > 0 ? `${formatBytes(r.bytes / r.seconds)}/s` : 'instant'})`;
    case 'already':
      return `${glyph.success} ${r.file} already in ${relative(cwd, r.path) || r.path} (verified)`;
    case 'conflict':
      return `${glyph.error} ${r.file}: ${r.message} (--replace to replace it)`;
    case 'cancelled':
      return `${glyph.warning} ${r.file}: cancelled at ${formatBytes(r.partialBytes)}; run again to resume`;
    case 'failed':
      return `${glyph.error} ${r.file}: ${r.message}${r.partialBytes ? ` (${formatBytes(r.partialBytes)} kept; run again to resume)` : ''}`;
  }
}

/** Steps named on the command line, checked against the index when the pod can be reached. */
async function knownSteps(o: Opts, args: string[]): Promise<{ ok: true; steps: number[]; warning?: string } | { ok: false; message: string }> {
  const parsed = args.map(parseStep);
  const r = await open(o);
  if (!r.ok) {
    if (parsed.includes('final')) return { ok: false, message: `cannot resolve 'final' without reaching the checkpoints: ${r.message}` };
    return { ok: true, steps: parsed as number[], warning: `could not check the steps against the pod (${r.message})` };
  }
  try {
    const index = await indexProject(o.project, o.ctx.cwd, r, { readHeaders: parsed.includes('final') });
    const { entries, missing } = resolveSteps(index, args);
    if (missing.length) return { ok: false, message: `no checkpoint at ${missing.join(', ')}; available: ${available(index)}` };
    const steps = entries.map((e) => e.step);
    if (steps.some((s) => s === null)) return { ok: false, message: 'the final checkpoint has no known step (no training_info, no samples, no config.steps)' };
    return { ok: true, steps: steps as number[] };
  } finally {
    await r.target.close();
  }
}

async function mark(o: Opts, args: string[], unmark: boolean): Promise<number> {
  if (args.length === 0) throw new UsageError('mark takes one or more STEPs');
  const k = await knownSteps(o, args);
  if (!k.ok) {
    writeLine(o.ctx.stderr, `${glyph.error} ${k.message}`);
    return EXIT.failed;
  }
  if (k.warning && !o.json) writeLine(o.ctx.stderr, `${glyph.warning} ${k.warning}`);
  const p = await updateProject(o.ctx.cwd, (p) => setMarked(p, k.steps, !unmark));
  if (o.json) writeJson(o.ctx.stdout, { ok: true, marked: p.checkpoints.marked });
  else writeLine(o.ctx.stdout, `${glyph.success} marked: ${p.checkpoints.marked.join(', ') || 'none'}`);
  return EXIT.ok;
}

async function chooseStep(o: Opts, arg: string, note: string): Promise<number> {
  const k = await knownSteps(o, [arg]);
  if (!k.ok) {
    writeLine(o.ctx.stderr, `${glyph.error} ${k.message}`);
    return EXIT.failed;
  }
  if (k.warning && !o.json) writeLine(o.ctx.stderr, `${glyph.warning} ${k.warning}`);
  const p = await updateProject(o.ctx.cwd, (p) => choose(p, k.steps[0], note));
  if (o.json) writeJson(o.ctx.stdout, { ok: true, chosen: p.checkpoints.chosen });
  else writeLine(o.ctx.stdout, `${glyph.success} chose step ${k.steps[0]}${p.checkpoints.chosen?.note ? ` — ${p.checkpoints.chosen.note}` : ''} (recorded in lorapilot.yaml)`);
  return EXIT.ok;
}

async function score(o: Opts, args: string[]): Promise<number> {
  let project = o.project;
  if (args.length > 0) {
    if (args.length !== 3) throw new UsageError('score takes STEP CRITERION N (criteria: face, skin, prompt; N from 1 to 5)');
    const step = parseStep(args[0]);
    if (step === 'final') throw new UsageError("score takes the final checkpoint's step number");
    const criterion = args[1];
    if (!isCriterion(criterion)) throw new UsageError(`CRITERION is ${CRITERIA.map((c) => c.id).join(', ')}, not '${criterion}'`);
    const n = numberOption(args[2], 'N', { integer: true, min: 1 })!;
    if (n > 5) throw new UsageError(`a score is from 1 to 5, not ${n}`);
    project = await updateProject(o.ctx.cwd, (p) => setScore(p, step, criterion, n));
  }
  const steps = [...new Set([...Object.keys(project.checkpoints.scores).map(Number), ...project.checkpoints.marked])].sort((a, b) => a - b);
  const rows = rankCheckpoints(steps, project.checkpoints.scores);
  if (o.json) {
    writeJson(o.ctx.stdout, { ok: true, criteria: CRITERIA.map((c) => ({ id: c.id, label: c.label })), ranking: rows });
    return EXIT.ok;
  }
  if (rows.length === 0) {
    writeLine(o.ctx.stdout, 'No scores yet. Score with: lorapilot checkpoints score STEP face|skin|prompt 1-5');
    return EXIT.ok;
  }
  writeLine(o.ctx.stdout, `  rank  step  ${CRITERIA.map((c) => c.id.padEnd(8)).join('')}mean`);
  for (const r of rows) {
    const cells = CRITERIA.map((c) => String(r.scores[c.id] ?? '–').padEnd(8)).join('');
    writeLine(o.ctx.stdout, `  ${(r.rank === null ? '–' : `#${r.rank}`).padStart(4)}  ${String(r.step).padStart(4)}  ${cells}${r.mean === null ? '–' : r.mean.toFixed(2)}${r.complete ? '' : '  (incomplete)'}`);
  }
  return EXIT.ok;
}

function parseStrengths(s: string): number[] {
  const out = s.split(',').map((x) => Number(x.trim()));
  if (out.length === 0 || out.some((n) => !Number.isFinite(n) || n <= 0 || n > 2)) throw new UsageError(`--strengths takes numbers between 0 and 2 separated by commas, not '${s}'`);
  return out;
}

async function plan(o: Opts, args: string[], opt: { seeds: number; strengths: number[]; loader: 'auto' | 'checkpoint'; base?: string; out?: string }): Promise<number> {
  const steps = args.map(parseStep);
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
  if (!res.ok) {
    if (o.json) writeJson(o.ctx.stdout, { ok: false, message: res.message });
    else writeLine(o.ctx.stderr, `${glyph.error} ${res.message}`);
    return EXIT.failed;
  }
  const { plan: p, folder: out } = res;
  if (o.json) {
    writeJson(o.ctx.stdout, { ok: true, folder: out, family: p.family, checkpoints: p.checkpoints, runs: p.runs.length, assumptions: p.assumptions });
    return EXIT.ok;
  }
  const rel = relative(o.ctx.cwd, out) || '.';
  writeLine(o.ctx.stdout, `${glyph.success} wrote ${p.runs.length} ComfyUI workflows to ${rel}/ (${p.checkpoints.length} checkpoint(s) × ${p.strengths.length} strengths × ${p.prompts.length} prompts × ${p.seeds.length} seeds)`);
  writeLine(o.ctx.stdout, `  model: ${p.family} (from ${p.familySource}); sampler ${p.sampler.sampler}/${p.sampler.scheduler}, ${p.sampler.steps} steps, cfg ${p.sampler.cfg}${p.sampler.guidance !== undefined ? `, guidance ${p.sampler.guidance}` : ''}`);
  writeLine(o.ctx.stdout, `  1. copy ${p.checkpoints.map((x) => `loras/${x.file}`).join(', ')} to ComfyUI/models/loras/${p.loraFolder}/`);
  writeLine(o.ctx.stdout, `  2. make sure ComfyUI has ${Object.values(p.models).join(', ')}`);
  writeLine(o.ctx.stdout, `  3. queue them: python3 ${rel}/queue.py http://127.0.0.1:8188`);
  writeLine(o.ctx.stdout, `  4. score each checkpoint (${CRITERIA.map((x) => x.id).join(', ')}, 1–5) on the Checkpoints screen or with 'lorapilot checkpoints score'; checklist: ${rel}/checklist.md`);
  return EXIT.ok;
}
