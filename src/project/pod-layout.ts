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

export function remoteDatasetFolder(layout: RemoteLayout, folderRel: string): string {
  return folderRel === '' ? layout.dataset : posix.join(layout.dataset, folderRel);
}
