import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { TextEncoderWindow } from '../ai-toolkit/text-encoders.js';
import { projectTextEncoder } from '../dataset/check-request.js';
import { recheckDataset } from '../dataset/record.js';
import { datasetFolder, loadProject, ProjectError, updateProject, type Project } from '../project/index.js';
import { CaptionJournal } from './journal.js';
import type { ReviewItem } from './review.js';
import { captionsProgress, loadCaptionReview } from './review.js';

/** Where caption work happens: the dataset root, its project (if any) and the journal. */
export interface CaptionWorkspace {
  root: string;
  project: Project | null;
  projectDir: string | null;
  trigger: string | null;
  identityTags: string[];
  journal: CaptionJournal;
  /** The root is the project's own dataset: progress is recorded. */
  isProjectDataset: boolean;
  /** The WD14 tagger remembered in the project (absolute model folder), if any. */
  tagger: { model: string; general?: number; character?: number } | null;
  /** The text encoder of the project's model, for caption length. */
  textEncoder: TextEncoderWindow;
}

/** The journal lives in the project (`.lorapilot/journal`), or hidden in the dataset when there is none. */
export function journalDir(projectDir: string | null, root: string): string {
  return join(projectDir ?? root, '.lorapilot', 'journal');
}

export async function openWorkspace(opts: { cwd: string; dir?: string; trigger?: string }): Promise<CaptionWorkspace> {
  let found = await loadProject(opts.cwd);
  // A dataset folder given directly: its project is usually the folder above it.
  if (!found.ok && found.missing && opts.dir) found = await loadProject(dirname(resolve(opts.cwd, opts.dir)));
  if (!found.ok && !found.missing) throw new ProjectError(found.file, found.problems, false);
  const project = found.ok ? found.project : null;
  const projectDir = found.ok ? found.dir : null;
  const projectRoot = project && projectDir ? datasetFolder(projectDir, project) : null;
  const root = opts.dir ? resolve(opts.cwd, opts.dir) : projectRoot;
  if (!root) throw new Error(`no lorapilot.yaml here and no dataset folder given: run 'lorapilot init' or pass DIR`);
  const s = await stat(root).catch(() => null);
  if (!s?.isDirectory()) throw new Error(`dataset folder ${root} not found`);
  return {
    root,
    project,
    projectDir,
    trigger: opts.trigger ?? project?.trigger ?? null,
    identityTags: project?.captions.identityTags ?? [],
    journal: new CaptionJournal(journalDir(projectDir, root)),
    isProjectDataset: projectRoot !== null && projectRoot === root,
    tagger: project?.captions.tagger && projectDir ? { ...project.captions.tagger, model: resolve(projectDir, project.captions.tagger.model) } : null,
    textEncoder: projectTextEncoder(project),
  };
}

/** Record the step's conclusion in lorapilot.yaml (only for the project's own dataset). */
export async function recordCaptionsProgress(ws: CaptionWorkspace, items: readonly ReviewItem[], opts: { onlyIfChanged?: boolean } = {}): Promise<void> {
  if (!ws.isProjectDataset || !ws.projectDir) return;
  const progress = captionsProgress(items);
  const before = ws.project?.progress.captions;
  if (opts.onlyIfChanged && before?.status === progress.status && before.summary === progress.summary) return;
  await updateProject(ws.projectDir, (p) => {
    p.progress.captions = progress;
  });
}

/** Remember the tagger's model folder in lorapilot.yaml so the screen and later runs find it. */
export async function rememberTaggerModel(ws: CaptionWorkspace, modelDir: string): Promise<boolean> {
  if (!ws.projectDir || ws.tagger?.model === modelDir) return false;
  const dir = ws.projectDir;
  await updateProject(dir, (p) => {
    const rel = relative(dir, modelDir);
    p.captions.tagger = { ...(p.captions.tagger ?? {}), model: rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : modelDir };
  });
  return true;
}

/**
 * After a change: re-read the captions and record the step's conclusion (nothing to judge without a trigger),
 * and check the project's dataset again, so the recorded check (status, the header) is never older than the files.
 */
export async function refreshCaptionsProgress(ws: CaptionWorkspace): Promise<void> {
  if (ws.trigger) await recordCaptionsProgress(ws, (await loadCaptionReview(ws.root, ws.trigger, {}, undefined, ws.textEncoder)).items);
  if (ws.isProjectDataset && ws.projectDir) await recheckDataset(ws.projectDir);
}
