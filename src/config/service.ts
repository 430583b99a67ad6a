import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { scanDataset, type DatasetScan } from '../dataset/scan.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { epochsText } from '../text/epochs.js';
import { formatCount } from '../text/format.js';
import { loadProject, ProjectError, updateProject, type Project } from '../project/index.js';
import type { ConfigSection, TuningEntry } from '../project/sections/config.js';
import { buildConfig, trainingFolders, type BuildResult } from './builder.js';
import { choicesToSection, resolveChoices, type Choices } from './choices.js';
import { countFindings } from './lint-text.js';
import { withOverrides } from './overrides.js';
import { lintConfigText, type LintResult, type LintTarget } from './lint.js';
import { adviseTuning, applyAdvice, type Advice, type Symptom } from './tuning.js';
import { describeChanges } from './tuning-text.js';

/** The file and project side of the config step: read the dataset, write the config, record choices. */

export const DEFAULT_CONFIG_FILE = 'ai-toolkit.yaml';

export interface ConfigContext {
  dir: string;
  project: Project;
  datasetDir: string;
  scan: DatasetScan | null;
  scanError?: string;
}

export async function loadConfigContext(dir: string): Promise<ConfigContext> {
  const r = await loadProject(dir);
  if (!r.ok) throw new ProjectError(r.file, r.problems, r.missing);
  const datasetDir = resolve(r.dir, r.project.dataset);
  try {
    return { dir: r.dir, project: r.project, datasetDir, scan: await scanDataset(datasetDir) };
  } catch (e) {
    return { dir: r.dir, project: r.project, datasetDir, scan: null, scanError: (e as Error).message };
  }
}

export function choicesFor(project: Project, overrides: ConfigSection = {}): Choices {
  return resolveChoices({ ...project.config, ...overrides }, project.preset);
}

/** The project with new choices over its recorded ones, and the choices that result. */
export function withBuildChoices(ctx: ConfigContext, overrides: ConfigSection): { ctx: ConfigContext; choices: Choices } {
  const project = { ...ctx.project, config: withOverrides(ctx.project.config, overrides) };
  return { ctx: { ...ctx, project }, choices: choicesFor(project, overrides) };
}

export function buildForProject(ctx: Pick<ConfigContext, 'project' | 'scan'>, choices: Choices): BuildResult {
  return buildConfig({ project: ctx.project, folders: ctx.scan?.folders ?? [], choices });
}

/** Image counts by folder name, for the linter's epoch math. */
export function datasetImages(scan: DatasetScan | null): Map<string, number> | undefined {
  if (!scan) return undefined;
  return new Map(trainingFolders(scan.folders).map((f) => [f.rel === '' ? 'dataset' : f.rel.split('/').pop()!, f.imageCount]));
}

/** RunPod rules when the project trains on a pod under /workspace. */
export function lintTargetFor(project: Project): LintTarget | undefined {
  if (project.pod?.target === 'local') return 'local';
  const root = project.pod?.root ?? '/workspace/lorapilot';
  return root === '/workspace' || root.startsWith('/workspace/') ? 'runpod' : undefined;
}

export function configFilePath(ctx: Pick<ConfigContext, 'dir' | 'project'>, file?: string): string {
  const f = file ?? ctx.project.config.file ?? DEFAULT_CONFIG_FILE;
  return isAbsolute(f) ? f : join(ctx.dir, f);
}

/** Lint a config text as the project's: its pod target and its dataset's epochs. */
export function lintForProject(ctx: Pick<ConfigContext, 'dir' | 'project' | 'scan'>, text: string, path = configFilePath(ctx)): LintResult {
  return lintConfigText(path, text, { target: lintTargetFor(ctx.project), datasetImages: datasetImages(ctx.scan) });
}

export function progressSummary(result: BuildResult, choices: Choices): string {
  const m = result.math;
  return `${choices.preset.label} · ${formatCount(m.totalSteps)} steps (${epochsText(m.epochs)}) · save every ${formatCount(m.saveEvery)}`;
}

export interface SavedConfig {
  file: string;
  lint: LintResult;
  /** Lint errors in the written file: the step needs attention and the command exits 1. */
  errors: number;
}

/** Write the config atomically, lint what was written, and record choices, file and progress. */
export async function saveConfig(ctx: ConfigContext, choices: Choices, result: BuildResult, file?: string): Promise<SavedConfig> {
  const path = configFilePath(ctx, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, result.yaml);
  const lint = lintForProject(ctx, await readFile(path, 'utf8'), path);
  const rel = relative(ctx.dir, path);
  const errors = countFindings(lint.findings).error;
  const attention = errors > 0 || result.notes.some((n) => n.severity === 'warning') || !ctx.scan;
  await updateProject(ctx.dir, (p) => {
    p.config = { ...choicesToSection(choices, p.config), file: rel.startsWith('..') ? path : rel };
    p.progress.config = { status: attention ? 'attention' : 'done', at: new Date().toISOString(), summary: progressSummary(result, choices) };
  });
  return { file: path, lint, errors };
}

export interface TuneResult {
  advice: Advice;
  applied: boolean;
  /** The config file rewritten with the change, when one had been written before. */
  rebuilt?: string;
}

/** Advise on a symptom; with apply, change the project's choices, log it, and rewrite the config file. */
export async function tuneProject(ctx: ConfigContext, symptom: Symptom, apply: boolean): Promise<TuneResult> {
  const choices = choicesFor(ctx.project);
  const math = buildForProject(ctx, choices).math;
  const advice = adviseTuning(symptom, choices, ctx.scan?.folders ?? [], math.epochs);
  if (!apply || advice.config.length === 0) return { advice, applied: false };
  const section = applyAdvice(ctx.project.config, advice);
  const updated = await updateProject(ctx.dir, (p) => {
    p.config = { ...p.config, ...section };
    p.tuning.push(tuningEntry(advice));
  });
  let rebuilt: string | undefined;
  if (ctx.project.config.file) {
    const next = { ...ctx, project: updated };
    const nextChoices = choicesFor(updated);
    rebuilt = (await saveConfig(next, nextChoices, buildForProject(next, nextChoices))).file;
  }
  return { advice, applied: true, rebuilt };
}

/** Log an applied advice in the project's tuning history (the screen applies the change to its choices). */
export async function recordTuning(dir: string, advice: Advice): Promise<void> {
  await updateProject(dir, (p) => {
    p.tuning.push(tuningEntry(advice));
  });
}

function tuningEntry(advice: Advice): TuningEntry {
  return {
    at: new Date().toISOString(),
    symptom: advice.symptom,
    changes: Object.fromEntries(advice.config.map((c) => [c.field, { from: c.from ?? null, to: c.to }])),
    note: describeChanges(advice),
  };
}

export interface WrittenConfigStatus {
  file: string;
  exists: boolean;
  /** The file holds exactly what lorapilot would write now (comments aside). */
  upToDate: boolean;
}

/**
 * Compare the written config with what the current dataset and choices would give: images added,
 * folders renamed or choices changed since the last build make the file stale. Hand edits count too.
 */
export async function writtenConfigStatus(ctx: ConfigContext, choices: Choices = choicesFor(ctx.project)): Promise<WrittenConfigStatus> {
  const file = configFilePath(ctx);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { file, exists: false, upToDate: false };
  }
  const built = buildForProject(ctx, choices);
  const written = parseYaml(text, { version: '1.1' }) as unknown;
  const fresh = parseYaml(built.yaml, { version: '1.1' }) as unknown;
  return { file, exists: true, upToDate: JSON.stringify(written) === JSON.stringify(fresh) };
}

/** For the pod step: is the project's config written and current? (Loads the project and scans the dataset.) */
export async function projectConfigStatus(dir: string): Promise<WrittenConfigStatus> {
  return writtenConfigStatus(await loadConfigContext(dir));
}
