import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadProject, projectFile, type ProjectProblem } from './project.js';
import type { Project } from './schema.js';

/** The dataset a command or a screen works on, and the project it belongs to (where progress is recorded). */
export type DatasetLocation =
  | { ok: true; dir: string; project: Project | null; projectDir: string | null }
  | { ok: false; file: string; problems: ProjectProblem[] };

/** The project's dataset folder; a folder without a project is its own dataset. */
export function datasetFolder(projectDir: string, project: Project | null): string {
  return project ? resolve(projectDir, project.dataset) : resolve(projectDir);
}

/**
 * Which folder to check: without DIR, the dataset of the project in `cwd` (else `cwd` itself); DIR may be
 * a project folder (its dataset) or a dataset folder. An invalid lorapilot.yaml is a problem to show, never
 * guessed around.
 */
export async function locateDataset(cwd: string, arg?: string): Promise<DatasetLocation> {
  const target = arg ? resolve(cwd, arg) : null;
  const projectDir = target ? (existsSync(projectFile(target)) ? target : null) : resolve(cwd);
  if (projectDir) {
    const r = await loadProject(projectDir);
    if (r.ok) return { ok: true, dir: datasetFolder(projectDir, r.project), project: r.project, projectDir };
    if (!r.missing) return { ok: false, file: r.file, problems: r.problems };
  }
  const dir = target ?? resolve(cwd);
  // A DIR that is the project's own dataset folder still records progress in that project.
  if (target) {
    const r = await loadProject(cwd);
    if (r.ok && datasetFolder(cwd, r.project) === target) return { ok: true, dir, project: r.project, projectDir: resolve(cwd) };
  }
  return { ok: true, dir, project: null, projectDir: null };
}
