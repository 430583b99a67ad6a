import { readRegularText } from '../fs/regular.js';
import { resolve } from 'node:path';
import { scanDataset } from '../dataset/scan.js';
import { loadProject, type Project } from '../project/index.js';
import { lintConfigText, type LintResult, type LintTarget } from './lint.js';
import { datasetImages, lintTargetFor, loadConfigContext, writtenConfigStatus, type WrittenConfigStatus } from './service.js';

/** A config is a few kilobytes; anything this big is not one, and is not read into memory. */
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * `lorapilot config lint`: any config file, or the project's own. The project (when there is one) gives
 * the default file, the pod target and the dataset to check the steps against.
 */

export interface LintFileRequest {
  cwd: string;
  /** The file as given; without it, the project's config. */
  file?: string;
  target?: LintTarget;
  /** Dataset folder as given; without it, the project's. */
  dataset?: string;
}

export type LintFileOutcome =
  | {
      ok: true;
      /** The file as the user named it (or as the project records it). */
      name: string;
      result: LintResult;
      /** For the project's own file: does it still match what lorapilot would write? */
      status: WrittenConfigStatus | null;
      /** The dataset folder given could not be read: the step math against epochs was skipped. */
      datasetUnreadable: boolean;
    }
  | { ok: false; problem: 'no-file' }
  | { ok: false; problem: 'unreadable'; name: string; message: string };

export async function lintFile(req: LintFileRequest): Promise<LintFileOutcome> {
  const pr = await loadProject(req.cwd);
  const project: Project | null = pr.ok ? pr.project : null;
  const name = req.file ?? project?.config.file;
  if (name === undefined) return { ok: false, problem: 'no-file' };
  const file = resolve(req.cwd, name);
  let text: string;
  try {
    text = await readRegularText(file, MAX_CONFIG_BYTES);
  } catch (e) {
    const message = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return { ok: false, problem: 'unreadable', name, message };
  }
  const datasetDir = req.dataset !== undefined ? resolve(req.cwd, req.dataset) : project ? resolve(req.cwd, project.dataset) : undefined;
  const scan = datasetDir ? await scanDataset(datasetDir).catch(() => null) : null;
  const result = lintConfigText(file, text, { target: req.target ?? (project ? lintTargetFor(project) : undefined), datasetImages: datasetImages(scan) });
  const own = req.file === undefined && project !== null;
  const status = own ? await writtenConfigStatus(await loadConfigContext(req.cwd)).catch(() => null) : null;
  return { ok: true, name, result, status, datasetUnreadable: req.dataset !== undefined && !scan };
}
