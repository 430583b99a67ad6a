import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { remoteDatasetFolder, type RemoteLayout } from '../project/pod-layout.js';

export interface RemoteConfig {
  text: string;
  /** `config.name`: ai-toolkit's job name and the checkpoint prefix. */
  jobName: string | null;
  /** `model.name_or_path` of the first process, for the doctor's cache check. */
  model: string | null;
  /** `train.steps` of the first process. */
  steps: number | null;
  /** Dataset paths that point outside the local dataset folder and were left as they are. */
  unmapped: string[];
}

/**
 * The config as the target must see it: each `datasets[].folder_path` that lies inside the local dataset
 * points at its uploaded copy, and `training_folder` at the project's output folder on the target, so the
 * checkpoints land where lorapilot looks for them. Comments and the rest of the file are kept.
 */
export function configForTarget(text: string, opts: { projectDir: string; datasetDir: string; layout: RemoteLayout }): RemoteConfig {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`the config is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  const unmapped: string[] = [];
  const processes = doc.getIn(['config', 'process'], true);
  let model: string | null = null;
  if (isSeq(processes)) {
    processes.items.forEach((_p, i) => {
      const proc = doc.getIn(['config', 'process', i], true);
      if (!isMap(proc)) return;
      doc.setIn(['config', 'process', i, 'training_folder'], opts.layout.trainingFolder);
      const m = doc.getIn(['config', 'process', i, 'model', 'name_or_path']);
      if (typeof m === 'string' && model === null) model = m;
      const datasets = doc.getIn(['config', 'process', i, 'datasets'], true);
      if (!isSeq(datasets)) return;
      datasets.items.forEach((_d, j) => {
        const fp = doc.getIn(['config', 'process', i, 'datasets', j, 'folder_path']);
        if (typeof fp !== 'string') return;
        const abs = isAbsolute(fp) ? fp : resolve(opts.projectDir, fp);
        const rel = relative(resolve(opts.datasetDir), abs);
        if (rel.startsWith('..') || isAbsolute(rel)) {
          if (!fp.startsWith(opts.layout.dataset)) unmapped.push(fp);
          return;
        }
        doc.setIn(['config', 'process', i, 'datasets', j, 'folder_path'], remoteDatasetFolder(opts.layout, rel.split(sep).join('/')));
      });
    });
  }
  const name = doc.getIn(['config', 'name']);
  const steps = doc.getIn(['config', 'process', 0, 'train', 'steps']);
  return { text: doc.toString({ lineWidth: 0 }), jobName: typeof name === 'string' ? name : null, model, steps: typeof steps === 'number' ? steps : null, unmapped };
}
