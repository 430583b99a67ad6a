import { posix } from 'node:path';

/**
 * Where a project lives on the target. Everything is under the persistent root
 * (RunPod keeps only /workspace across a pod stop: reference/ai-toolkit.md §9).
 *
 *   <root>/<project>/dataset/<folder>/...    uploaded images and captions
 *   <root>/<project>/.manifest.json          hashes of what was uploaded (incremental sync)
 *   <root>/<project>/config.yaml             the ai-toolkit config
 *   <root>/<project>/output/<job>/           ai-toolkit's training_folder/<name>: checkpoints, samples, loss_log.db
 *   <root>/<project>/runs/<run-id>/          one launch: run.log, pid, exit-code
 */
export interface RemoteLayout {
  base: string;
  dataset: string;
  manifest: string;
  config: string;
  trainingFolder: string;
  runs: string;
}

export function remoteLayout(root: string, project: string): RemoteLayout {
  const base = posix.join(root, project);
  return {
    base,
    dataset: posix.join(base, 'dataset'),
    manifest: posix.join(base, '.manifest.json'),
    config: posix.join(base, 'config.yaml'),
    trainingFolder: posix.join(base, 'output'),
    runs: posix.join(base, 'runs'),
  };
}

/** ai-toolkit writes a job's files to training_folder/<config.name> (BaseTrainProcess.py:43-45). */
export function jobOutputFolder(layout: RemoteLayout, jobName: string): string {
  return posix.join(layout.trainingFolder, jobName);
}

/**
 * Why a dataset-relative path cannot name a file inside the remote dataset folder, or null when it can.
 * Paths are POSIX ('/' separates, a backslash is an ordinary character on Linux): a segment `..` or `.`,
 * an empty segment or a leading `/` would land the file elsewhere, and is never joined.
 */
export function unsafeDatasetPath(rel: string): string | null {
  if (rel.startsWith('/')) return 'it is an absolute path';
  if (rel.includes('\0')) return 'it holds a NUL byte';
  for (const seg of rel.split('/')) {
    if (seg === '..' || seg === '.') return `it has a '${seg}' part`;
    if (seg === '') return 'it has an empty part';
  }
  return null;
}

export class UnsafePathError extends Error {
  constructor(readonly rel: string, readonly reason: string) {
    super(`${JSON.stringify(rel)} would leave the dataset folder on the pod (${reason}): refused`);
    this.name = 'UnsafePathError';
  }
}

/** The remote path of a dataset file or folder; throws UnsafePathError for a path that would leave it. */
export function remoteDatasetPath(layout: RemoteLayout, rel: string): string {
  if (rel === '') return layout.dataset;
  const why = unsafeDatasetPath(rel);
  if (why) throw new UnsafePathError(rel, why);
  return posix.join(layout.dataset, rel);
}

export function remoteDatasetFolder(layout: RemoteLayout, folderRel: string): string {
  return remoteDatasetPath(layout, folderRel);
}
