import type { LintEpochMath, LintOptions } from './types.js';
import type { PathPart } from '../source.js';
import type { Collector } from './collector.js';
import { checkPath, lintDatasets } from './datasets.js';
import { epochMath } from './epochs.js';
import { lintModel } from './model.js';
import { lintSample } from './sample.js';
import { lintLogging, lintSave } from './save.js';
import { lintNetwork, lintTrain } from './train.js';
import { trainerOf, type Trainer } from './process.js';
import { GLOB_RE, str, type Obj } from './values.js';

/** Every rule for one trainer process, section by section, in the order the file reads. */
export function lintTrainer(p: Obj, base: PathPart[], out: Collector, options: LintOptions): LintEpochMath | undefined {
  const t = trainerOf(p, base);
  lintProcess(t, out, options);
  lintNetwork(t, out);
  const { dtype } = lintTrain(t, out);
  const { preset } = lintModel(t, out);
  const { steps, saveEvery, keep } = lintSave(t, out, dtype);
  lintSample(t, out, { steps, saveEvery, preset });
  lintLogging(t, out);
  lintDatasets(t, out, options);
  return epochMath(t.datasets, t.train, steps, saveEvery, keep, base, out, options);
}

/** The process itself: its type, name, device and training folder. */
function lintProcess(t: Trainer, out: Collector, options: LintOptions): void {
  const { p, at, base } = t;
  if (p.type === 'ui_trainer') {
    out.add('process.ui-trainer', 'error', at('type'), "'ui_trainer' stops with \"SQLite database not found\" / \"AITK_JOB_ID not set\" outside the web UI", "use 'sd_trainer' (the UI itself now writes diffusion_trainer)");
  }
  if (typeof p.name === 'string' && GLOB_RE.test(p.name)) {
    out.add('name.glob', 'error', at('name'), `'${p.name}' has glob characters: resume and checkpoint cleanup glob on it`, 'use letters, digits, _ and - only');
  }
  // The trainer never reads device and trains on the first visible GPU, which is what cuda and cuda:0 say anyway.
  if (p.device !== undefined && p.device !== null && !['cuda', 'cuda:0'].includes(String(p.device))) {
    const dev = String(p.device);
    const gpu = /^cuda:([1-9]\d*)$/.exec(dev);
    out.add('process.device', 'warning', at('device'), `'device: ${dev}' is not read by the sd trainer: it trains on the first visible GPU${gpu ? ', so this does not pick that GPU' : ''}`, gpu ? `launch with CUDA_VISIBLE_DEVICES=${gpu[1]} instead` : 'remove it; pick a GPU with CUDA_VISIBLE_DEVICES', 'key');
  }

  // training_folder and dataset paths
  const tf = str(p.training_folder);
  if (!tf) out.add('process.training-folder', 'error', base, "no 'training_folder': ai-toolkit fails at os.path.join(None, name)", 'set training_folder (on RunPod: under /workspace)');
  else checkPath(tf, at('training_folder'), 'training_folder', out, options);
}
