import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { configFilePath, lintConfigText, lintTargetFor, loadConfigContext, writtenConfigStatus } from '../config/index.js';
import { checkDataset } from '../dataset/check.js';
import { gateRefusal, isGateFinding } from '../dataset/gate.js';
import type { Project } from '../project/index.js';
import { TargetError } from '../remote/target.js';

/**
 * What must be true before paid GPU time starts: a broken image fails ai-toolkit at latent caching,
 * a caption without the trigger trains the wrong thing, and a config that no longer matches the
 * dataset trains the wrong repeats. Each blocker says what to run to fix it.
 */
export interface PreflightProblem {
  what: 'dataset' | 'config';
  message: string;
  fix: string;
}

/** Launch refused by the pre-flight; the UI offers "launch anyway". */
export class PreflightError extends TargetError {
  constructor(readonly problems: PreflightProblem[]) {
    super(
      'failed',
      `not launching: ${problems.map((p) => p.message).join('; ')}`,
      `${problems.map((p) => p.fix).join('; ')} — or launch anyway (--force)`,
    );
    this.name = 'PreflightError';
  }
}

export async function preflight(dir: string, project: Project): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];

  const report = await checkDataset(resolve(dir, project.dataset), { trigger: project.trigger, triggerSource: 'project', decode: false });
  const errors = report.findings.filter((f) => f.severity === 'error');
  // The dataset gate's errors first: --force launches past the others, never past these (the upload refuses).
  const gate = errors.filter(isGateFinding);
  if (gate.length > 0) {
    const r = gateRefusal(gate);
    problems.push({ what: 'dataset', message: r.message, fix: `${r.hint} (--force does not send it)` });
  }
  if (errors.length > 0) {
    const first = errors[0];
    problems.push({
      what: 'dataset',
      message: `the dataset has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${first.rule}${first.files[0] ? ` ${first.files[0]}` : ''}: ${first.message})`,
      fix: 'lorapilot check, then fix them (lorapilot captions … for caption errors)',
    });
  }

  let ctx;
  try {
    ctx = await loadConfigContext(dir);
  } catch (e) {
    problems.push({ what: 'config', message: (e as Error).message, fix: 'lorapilot config build' });
    return problems;
  }
  const status = await writtenConfigStatus(ctx);
  if (!status.exists) {
    problems.push({ what: 'config', message: `no ai-toolkit config written yet (${status.file})`, fix: 'lorapilot config build' });
    return problems;
  }
  if (!status.upToDate) {
    problems.push({ what: 'config', message: `${status.file} no longer matches the dataset or the project's choices`, fix: 'lorapilot config build (writes it again from the dataset)' });
  }
  const file = configFilePath(ctx);
  const lint = lintConfigText(file, await readFile(file, 'utf8'), { target: lintTargetFor(project) });
  const lintErrors = lint.findings.filter((f) => f.severity === 'error');
  if (lintErrors.length > 0) {
    const f = lintErrors[0];
    problems.push({ what: 'config', message: `the config has ${lintErrors.length} lint error${lintErrors.length === 1 ? '' : 's'} (first: ${f.rule}: ${f.message})`, fix: `lorapilot config lint ${file}` });
  }
  return problems;
}
