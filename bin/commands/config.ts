import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT, numberOption, parseCommandArgs, UsageError, writeJson, writeLine, type Command, type CommandContext } from '../command.js';
import { stepMathLines } from '../../src/config/builder.js';
import { formatLr, normaliseResolution } from '../../src/config/choices.js';
import { lintConfigText, lintOutputSchema, type ConfigFinding, type LintTarget } from '../../src/config/lint.js';
import { findPreset, PRESETS, VRAM_TIERS } from '../../src/config/presets.js';
import {
  buildForProject, choicesFor, datasetImages, loadConfigContext, lintTargetFor, saveConfig, tuneProject, writtenConfigStatus,
} from '../../src/config/service.js';
import { parseSymptom, SYMPTOM_LABELS, SYMPTOMS, describeChange } from '../../src/config/tuning.js';
import { scanDataset } from '../../src/dataset/scan.js';
import { loadProject, ProjectError } from '../../src/project/index.js';
import { openWizard } from '../wizard.js';
import type { ConfigSection } from '../../src/project/sections/config.js';

const USAGE = `Usage: lorapilot config                          open the Config screen (in a terminal)
       lorapilot config build [OPTIONS]          write the ai-toolkit config for this project
       lorapilot config lint [FILE] [OPTIONS]    check any ai-toolkit config (YAML, JSON, .job_config.json);
                                                 without FILE, the project's config
       lorapilot config presets [--json]         list the model presets
       lorapilot config tune [SYMPTOM] [--apply] [--json]
                                                 advice for what the samples show; --apply changes the config

build options (defaults: the project's last choices, then the preset):
  --preset P             model preset (lorapilot config presets)
  --vram 48|24           GPU memory to plan for (48 = L40S)
  --rank N  --alpha N    LoRA rank (linear) and linear_alpha (default alpha = rank)
  --lr X                 learning rate, e.g. 1e-4
  --epochs N | --steps N run length in ai-toolkit epochs, or in steps
  --resolution LIST      e.g. 1024 or 512,768,1024 (each size is a full copy of the dataset per epoch)
  --batch N              batch size
  --grad-accum N         gradient accumulation (batches per step)
  --caption-dropout X    0..1
  --prompt TEXT          a sample prompt (repeat for several; [trigger] stands for the trigger word);
                         default: the guide's test prompts
  -o, --output FILE      where to write (default: <project>/ai-toolkit.yaml)
  --dry-run              print the YAML instead of writing it
  --json                 print the result as JSON

lint options:
  --target runpod|local  runpod: dataset and training paths must be under /workspace
  --dataset DIR          dataset folder, to check steps against real epochs (default: the project's)
  --json                 print findings as JSON

Symptoms: ${SYMPTOMS.join(', ')}
Exit codes: 0 ok, 1 errors found (lint) or failed, 2 usage.`;

export const configCommand: Command = {
  name: 'config',
  usage: USAGE,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    try {
      switch (sub) {
        case 'build':
          return await build(rest, ctx);
        case 'lint':
          return await lint(rest, ctx);
        case 'presets':
          return presets(rest, ctx);
        case 'tune':
          return await tune(rest, ctx);
        case undefined:
          // In a terminal the bare command opens the Config screen; piped, it prints the usage.
          if (ctx.tty) return await openWizard({ dir: ctx.cwd, step: 'config' });
          writeLine(ctx.stdout, USAGE);
          return EXIT.ok;
        default:
          throw new UsageError(`unknown subcommand '${sub}' (build, lint, presets, tune)`);
      }
    } catch (e) {
      if (e instanceof ProjectError) {
        writeLine(ctx.stderr, e.missing ? `lorapilot config: no lorapilot.yaml in ${ctx.cwd}. Run 'lorapilot init' first.` : `lorapilot config: the project file has problems:\n${e.message}`);
        return EXIT.failed;
      }
      throw e;
    }
  },
};

function intOpt(v: string | undefined, name: string): number | undefined {
  return numberOption(v, name, { integer: true, min: 1 });
}

async function build(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    preset: { type: 'string' },
    vram: { type: 'string' },
    rank: { type: 'string' },
    alpha: { type: 'string' },
    lr: { type: 'string' },
    epochs: { type: 'string' },
    steps: { type: 'string' },
    resolution: { type: 'string' },
    batch: { type: 'string' },
    'grad-accum': { type: 'string' },
    'caption-dropout': { type: 'string' },
    prompt: { type: 'string', multiple: true },
    output: { type: 'string', short: 'o' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.epochs !== undefined && values.steps !== undefined) throw new UsageError('give --epochs or --steps, not both');
  const overrides: ConfigSection = {};
  if (values.preset !== undefined) {
    const p = findPreset(values.preset);
    if (!p) throw new UsageError(`unknown preset '${values.preset}'; one of: ${PRESETS.map((x) => x.id).join(', ')}`);
    overrides.preset = p.id;
  }
  if (values.vram !== undefined) {
    const v = Number(values.vram);
    if (v !== 48 && v !== 24) throw new UsageError(`--vram takes ${VRAM_TIERS.join(' or ')}`);
    overrides.vram = v;
  }
  const rank = intOpt(values.rank, 'rank');
  if (rank !== undefined) overrides.rank = rank;
  const alpha = numberOption(values.alpha, 'alpha', { min: 0.0001 });
  if (alpha !== undefined) overrides.alpha = alpha;
  const lr = numberOption(values.lr, 'lr', { min: 1e-9 });
  if (lr !== undefined) overrides.lr = lr;
  const epochs = numberOption(values.epochs, 'epochs', { min: 0.01 });
  const steps = intOpt(values.steps, 'steps');
  if (values.resolution !== undefined) {
    const list = values.resolution.split(/[,\s]+/).filter(Boolean).map(Number);
    if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 64)) throw new UsageError(`--resolution takes sizes like 1024 or 512,768,1024, not '${values.resolution}'`);
    overrides.resolution = normaliseResolution(list);
  }
  const batch = intOpt(values.batch, 'batch');
  if (batch !== undefined) overrides.batchSize = batch;
  const ga = intOpt(values['grad-accum'], 'grad-accum');
  if (ga !== undefined) overrides.gradientAccumulation = ga;
  const cd = numberOption(values['caption-dropout'], 'caption-dropout', { min: 0 });
  if (cd !== undefined) {
    if (cd > 1) throw new UsageError('--caption-dropout takes a number from 0 to 1');
    overrides.captionDropout = cd;
  }

  if (values.prompt !== undefined) {
    const prompts = values.prompt.map((p) => p.trim()).filter(Boolean);
    if (prompts.length === 0) throw new UsageError('--prompt takes a non-empty prompt');
    overrides.prompts = prompts;
  }
  const cctx = await loadConfigContext(ctx.cwd);
  const base = { ...cctx.project.config };
  // A new choice of length replaces the other one.
  if (epochs !== undefined) {
    delete base.steps;
    overrides.epochs = epochs;
  }
  if (steps !== undefined) {
    delete base.epochs;
    overrides.steps = steps;
  }
  if (overrides.rank !== undefined && overrides.alpha === undefined && base.alpha === base.rank) delete base.alpha;
  if (overrides.preset !== undefined && overrides.preset !== base.preset) {
    // A new model brings its own recommended rank and lr unless given now.
    delete base.rank;
    delete base.alpha;
    delete base.lr;
  }
  const project = { ...cctx.project, config: base };
  const choices = choicesFor(project, overrides);
  const result = buildForProject({ project, scan: cctx.scan }, choices);

  if (values['dry-run']) {
    if (values.json) writeJson(ctx.stdout, { yaml: result.yaml, math: result.math, notes: result.notes, vramNote: result.vramNote });
    else ctx.stdout.write(result.yaml);
    return EXIT.ok;
  }
  const file = values.output !== undefined ? resolve(ctx.cwd, values.output) : undefined;
  const saved = await saveConfig({ ...cctx, project }, choices, result, file);
  const errors = saved.lint.findings.filter((f) => f.severity === 'error').length;

  if (values.json) {
    writeJson(ctx.stdout, {
      file: saved.file,
      preset: choices.preset.id,
      choices: { vram: choices.vram, rank: choices.rank, alpha: choices.alpha, lr: choices.lr, epochs: choices.epochs, steps: choices.steps, resolution: choices.resolution, batchSize: choices.batchSize, gradientAccumulation: choices.gradientAccumulation, captionDropout: choices.captionDropout },
      math: result.math,
      vramNote: result.vramNote,
      remote: { dataset: result.layout.dataset, output: result.outputFolder },
      notes: result.notes,
      lint: saved.lint.findings,
      datasetError: cctx.scanError,
    });
    return errors > 0 ? EXIT.failed : EXIT.ok;
  }
  const o = ctx.stdout;
  if (cctx.scanError) writeLine(o, `▲ dataset not readable (${cctx.scanError}): the config has no dataset entries`);
  writeLine(o, `✔ wrote ${saved.file}`);
  writeLine(o, `  ${choices.preset.label} (${choices.preset.nameOrPath}) · rank ${choices.rank} · alpha ${choices.alpha} · lr ${formatLr(choices.lr)} · batch ${choices.batchSize} × grad accum ${choices.gradientAccumulation} · resolution ${choices.resolution.join(',')}`);
  writeLine(o);
  writeLine(o, 'Step math');
  for (const l of stepMathLines(result)) writeLine(o, `  ${l}`);
  writeLine(o);
  writeLine(o, 'Two readings of "epoch" (the guide uses both):');
  writeLine(o, `  • ${result.math.readings.toolkit.text}`);
  writeLine(o, `  • ${result.math.readings.guide.text}`);
  writeLine(o, `  This config: ${result.math.totalSteps.toLocaleString('en-US')} steps, a checkpoint every ${result.math.saveEvery.toLocaleString('en-US')}. Use --epochs N or --steps N to choose.`);
  writeLine(o);
  writeLine(o, `VRAM  ${result.vramNote}`);
  for (const n of choices.preset.notes) writeLine(o, `Note  ${n}`);
  for (const n of result.notes) writeLine(o, `${n.severity === 'warning' ? '▲' : '●'} ${n.message}`);
  writeLine(o, `Pod   dataset → ${result.layout.dataset}; run files → ${result.outputFolder}`);
  writeLine(o);
  if (saved.lint.findings.length === 0) writeLine(o, 'lint: no findings');
  else {
    writeLine(o, 'lint:');
    for (const f of saved.lint.findings) writeLine(o, formatFinding(f, ctx.cwd));
  }
  return errors > 0 ? EXIT.failed : EXIT.ok;
}

const MARK = { error: '✖', warning: '▲', info: '●' } as const;

export function formatFinding(f: ConfigFinding, cwd: string): string {
  const file = f.file.startsWith(cwd + '/') ? f.file.slice(cwd.length + 1) : f.file;
  return `${file}:${f.line}:${f.column}: ${MARK[f.severity]} ${f.severity} ${f.rule}: ${f.message}\n    fix: ${f.fix}`;
}

async function lint(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    target: { type: 'string' },
    dataset: { type: 'string' },
    json: { type: 'boolean' },
  });
  let fileArg = positionals[0];
  let project = null;
  const pr = await loadProject(ctx.cwd);
  if (pr.ok) project = pr.project;
  const ownFile = !fileArg;
  if (!fileArg) {
    if (project?.config.file) fileArg = project.config.file;
    else throw new UsageError('name the config file to lint (or run lorapilot config build first)');
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
  const target = values.target as LintTarget | undefined;
  if (target !== undefined && target !== 'runpod' && target !== 'local') throw new UsageError(`--target takes runpod or local, not '${target}'`);
  const file = resolve(ctx.cwd, fileArg);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    writeLine(ctx.stderr, `lorapilot config lint: cannot read ${fileArg}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    return EXIT.failed;
  }
  let images: Map<string, number> | undefined;
  const datasetDir = values.dataset !== undefined ? resolve(ctx.cwd, values.dataset) : project ? resolve(ctx.cwd, project.dataset) : undefined;
  if (datasetDir) {
    const scan = await scanDataset(datasetDir).catch(() => null);
    if (!scan && values.dataset !== undefined) writeLine(ctx.stderr, `lorapilot config lint: cannot read the dataset folder ${values.dataset}; step math against epochs skipped`);
    images = datasetImages(scan);
  }
  const result = lintConfigText(file, text, { target: target ?? (project ? lintTargetFor(project) : undefined), datasetImages: images });
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) counts[f.severity]++;
  // Linting the project's own file: also say whether it still matches the dataset and the choices.
  const status = ownFile && project ? await writtenConfigStatus(await loadConfigContext(ctx.cwd)).catch(() => null) : null;
  if (values.json) {
    writeJson(ctx.stdout, lintOutputSchema.parse({ file, format: result.format, findings: result.findings, counts, math: result.math, upToDate: status ? status.upToDate : null }));
  } else {
    if (status && !status.upToDate) writeLine(ctx.stdout, `▲ ${fileArg} differs from what lorapilot would write now (dataset or choices changed, or edited by hand): run 'lorapilot config build' to rewrite it`);
    for (const f of result.findings) writeLine(ctx.stdout, formatFinding(f, ctx.cwd));
    if (result.math) {
      const m = result.math;
      writeLine(ctx.stdout, `step math: ${m.imagesPerEpoch.toLocaleString('en-US')} images per epoch = ${m.stepsPerEpoch.toLocaleString('en-US')} steps per epoch; steps ${m.totalSteps.toLocaleString('en-US')} = ${Number((m.epochs).toFixed(2))} epochs`);
    }
    writeLine(ctx.stdout, result.findings.length === 0 ? `${fileArg}: no findings` : `${fileArg}: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} note${counts.info === 1 ? '' : 's'}`);
  }
  return counts.error > 0 ? EXIT.failed : EXIT.ok;
}

function presets(args: string[], ctx: CommandContext): number {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.json) {
    writeJson(ctx.stdout, PRESETS.map((p) => ({
      id: p.id, label: p.label, arch: p.arch, name_or_path: p.nameOrPath, gated: p.gated,
      model: { 48: p.model(48), 24: p.model(24) }, cache_text_embeddings: { 48: p.cacheTextEmbeddings(48), 24: p.cacheTextEmbeddings(24) },
      noise_scheduler: p.noiseScheduler ?? null, sampler: p.sampler ?? null, timestep_type: p.timestepType ?? null,
      guidance_scale: p.guidanceScale, sample_steps: p.sampleSteps, uses_negative: p.usesNegative, rank: p.rank, lr: p.lr, steps: p.steps,
      vram: { 48: p.vramNote(48), 24: p.vramNote(24) }, notes: p.notes,
    })));
    return EXIT.ok;
  }
  for (const p of PRESETS) {
    const m = p.model(48);
    const m24 = p.model(24);
    const q = (x: typeof m) => (x.quantize ? `${x.qtype}${x.quantize_te ? ` / te ${x.qtype_te}` : ''}${x.low_vram ? ', low_vram' : ''}` : 'none');
    writeLine(ctx.stdout, `${p.id.padEnd(16)}${p.label}  (${p.nameOrPath}${p.gated ? ', gated' : ''})`);
    writeLine(ctx.stdout, `${''.padEnd(16)}arch ${p.arch} · rank ${p.rank} · lr ${formatLr(p.lr)} · samples: guidance ${p.guidanceScale}, ${p.sampleSteps} steps${p.usesNegative ? ', neg' : ''}${p.sampler ? ` · sampler/noise ${p.sampler}` : ''}${p.timestepType ? ` · timestep ${p.timestepType}` : ''}`);
    writeLine(ctx.stdout, `${''.padEnd(16)}quantize: 48 GB ${q(m)}; 24 GB ${q(m24)}${m.assistant_lora_path ? ` · assistant ${m.assistant_lora_path}` : ''}`);
    writeLine(ctx.stdout, `${''.padEnd(16)}${p.vramNote(48)}`);
    writeLine(ctx.stdout, `${''.padEnd(16)}${p.vramNote(24)}`);
  }
  return EXIT.ok;
}

async function tune(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { apply: { type: 'boolean' }, json: { type: 'boolean' } });
  if (positionals.length === 0) {
    if (values.json) writeJson(ctx.stdout, SYMPTOMS.map((s) => ({ id: s, label: SYMPTOM_LABELS[s] })));
    else {
      writeLine(ctx.stdout, 'What do the samples show? lorapilot config tune SYMPTOM [--apply]');
      for (const s of SYMPTOMS) writeLine(ctx.stdout, `  ${s.padEnd(20)}${SYMPTOM_LABELS[s]}`);
    }
    return EXIT.ok;
  }
  const symptom = parseSymptom(positionals[0]);
  if (!symptom) throw new UsageError(`unknown symptom '${positionals[0]}'; one of: ${SYMPTOMS.join(', ')}`);
  const cctx = await loadConfigContext(ctx.cwd);
  const r = await tuneProject(cctx, symptom, values.apply ?? false);
  const a = r.advice;
  if (values.json) {
    writeJson(ctx.stdout, { ...a, applied: r.applied, rebuilt: r.rebuilt ?? null });
    return EXIT.ok;
  }
  const o = ctx.stdout;
  writeLine(o, a.label);
  writeLine(o, `  Likely causes: ${a.causes.join('; ')}`);
  if (a.dataset.length) {
    writeLine(o, '  Dataset (yours to change):');
    for (const d of a.dataset) writeLine(o, `    - ${d}`);
  }
  if (a.meanwhile.length) {
    writeLine(o, '  Meanwhile:');
    for (const d of a.meanwhile) writeLine(o, `    - ${d}`);
  }
  if (a.config.length) {
    writeLine(o, `  Config: ${a.why ?? a.config.map(describeChange).join(', ')}`);
    if (r.applied) {
      writeLine(o, `✔ applied: ${a.config.map(describeChange).join(', ')} (recorded in lorapilot.yaml under tuning)`);
      if (r.rebuilt) writeLine(o, `✔ rewrote ${r.rebuilt}`);
      else writeLine(o, "  Run 'lorapilot config build' to write the config.");
    } else writeLine(o, `  Apply with: lorapilot config tune ${symptom} --apply`);
  } else {
    writeLine(o, `  Config: no change${a.why ? ` (${a.why})` : ''}; the fix is in the dataset.`);
  }
  return EXIT.ok;
}

