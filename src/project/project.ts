import { readFile } from 'node:fs/promises';
import { readRegularText } from '../fs/regular.js';
import { dirname, join, resolve } from 'node:path';
import { Document, isMap, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic.js';
import { PROJECT_FILE, projectSchema, type Project, type ProjectInput } from './schema.js';

export interface ProjectProblem {
  line: number;
  column: number;
  /** Dotted key path, e.g. `pod.host`. */
  path: string;
  message: string;
}

export type LoadResult =
  | { ok: true; project: Project; file: string; dir: string }
  | { ok: false; file: string; missing: boolean; problems: ProjectProblem[] };

export function projectFile(dir: string): string {
  return join(resolve(dir), PROJECT_FILE);
}

/** Parse and validate project text; every problem names its line and column. */
export function parseProject(text: string): { ok: true; project: Project } | { ok: false; problems: ProjectProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { line: pos.line, column: pos.col, path: '', message: e.message.split('\n')[0] };
      }),
    };
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = projectSchema.safeParse(data);
  if (parsed.success) return { ok: true, project: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => locate(doc, lineCounter, issue)) };
}

function locate(doc: Document, lc: LineCounter, issue: z.core.$ZodIssue): ProjectProblem {
  const path = issue.path.map(String);
  let message = issue.message;
  let keyPath = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    keyPath = [...issue.path, issue.keys[0]];
    message = `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  }
  // Walk down to the deepest node that exists, so a missing key points at its parent.
  let node: unknown = undefined;
  for (let n = keyPath.length; n >= 0 && node === undefined; n--) {
    const sub = keyPath.slice(0, n) as Array<string | number>;
    node = n === 0 ? doc.contents : findKeyOrValue(doc, sub, issue.code === 'unrecognized_keys' && n === keyPath.length);
  }
  const range = (node as YamlNode | undefined)?.range;
  const pos = range ? lc.linePos(range[0]) : { line: 1, col: 1 };
  const dotted = (issue.code === 'unrecognized_keys' ? keyPath : path).join('.');
  return { line: pos.line, column: pos.col, path: dotted, message };
}

function findKeyOrValue(doc: Document, path: Array<string | number>, wantKey: boolean): unknown {
  if (path.length === 0) return doc.contents;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return doc.getIn(path, true) ?? undefined;
  const last = path[path.length - 1];
  const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
  if (!pair) return undefined;
  return wantKey ? pair.key : (pair.value ?? pair.key);
}

export async function loadProject(dir: string): Promise<LoadResult> {
  const file = projectFile(dir);
  let text: string;
  try {
    text = await readRegularText(file, 16 * 1024 * 1024);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      ok: false,
      file,
      missing,
      problems: [{ line: 0, column: 0, path: '', message: missing ? `no ${PROJECT_FILE} here` : (e as Error).message }],
    };
  }
  const r = parseProject(text);
  if (!r.ok) return { ok: false, file, missing: false, problems: r.problems };
  return { ok: true, project: r.project, file, dir: dirname(file) };
}

export function formatProblems(file: string, problems: ProjectProblem[]): string {
  return problems
    .map((p) => (p.line > 0 ? `${file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}` : `${file}: ${p.message}`))
    .join('\n');
}

const HEADER = '# lorapilot project. Edit freely: lorapilot validates this file on every load.\n';

/** Serialise a project, keeping the comments of an existing file where its top-level keys survive. */
export function renderProject(project: Project, previousText?: string): string {
  const clean = JSON.parse(JSON.stringify(project)) as Record<string, unknown>;
  let doc: Document;
  if (previousText) {
    doc = parseDocument(previousText);
    if (doc.errors.length > 0 || !isMap(doc.contents)) doc = new Document(clean);
    else {
      for (const key of Object.keys(doc.toJS() as object)) if (!(key in clean)) doc.delete(key);
      for (const [k, v] of Object.entries(clean)) {
        const before = JSON.stringify(doc.get(k, false) && (doc.toJS() as Record<string, unknown>)[k]);
        if (before !== JSON.stringify(v)) doc.set(k, doc.createNode(v));
      }
    }
  } else {
    doc = new Document(clean);
    doc.commentBefore = HEADER.slice(1).trimEnd();
  }
  return doc.toString({ lineWidth: 0 });
}

export async function saveProject(dir: string, project: Project): Promise<void> {
  const file = projectFile(dir);
  const previous = await readFile(file, 'utf8').catch(() => undefined);
  const validated = projectSchema.parse(project);
  await writeFileAtomic(file, renderProject(validated, previous), { throughLinks: true });
}

export async function createProject(dir: string, input: ProjectInput): Promise<Project> {
  const project = projectSchema.parse(input);
  await writeFileAtomic(projectFile(dir), renderProject(project));
  return project;
}

/** Load, change and save in one step; throws with located problems when the file is invalid. */
/** The read-change-write of each project file in this process, one after another. */
const updates = new Map<string, Promise<unknown>>();

/**
 * Read, change and write lorapilot.yaml. Updates of one project in this process take turns: two services
 * writing at once (the monitor's offset, a checkpoint mark) would otherwise each write what it read, and
 * the later write would drop the earlier change.
 */
export function updateProject(dir: string, change: (p: Project) => void | Project): Promise<Project> {
  const key = resolve(dir);
  const run = async () => {
    const r = await loadProject(dir);
    if (!r.ok) throw new ProjectError(r.file, r.problems, r.missing);
    const next = change(r.project) ?? r.project;
    await saveProject(dir, next);
    return next;
  };
  const result = (updates.get(key) ?? Promise.resolve()).then(run, run);
  const settled = result.catch(() => undefined);
  updates.set(key, settled);
  void settled.then(() => {
    if (updates.get(key) === settled) updates.delete(key);
  });
  return result;
}

export class ProjectError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ProjectProblem[],
    readonly missing: boolean,
  ) {
    super(formatProblems(file, problems));
    this.name = 'ProjectError';
  }
}
