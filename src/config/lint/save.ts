import { formatCount as fmt } from '../../text/format.js';
import { savePoints } from '../step-math.js';
import type { Collector } from './collector.js';
import type { Trainer } from './process.js';
import { BOUNDS, withinBound, type Bound } from '../../text/bounds.js';
import { numv, str } from './values.js';

const inRange = (v: unknown, b: Bound): number | undefined => (typeof v === 'number' && withinBound(v, b) ? v : undefined);

export interface RunPoints {
  steps: number;
  saveEvery: number;
  keep: number;
}

/** The save block against the run's length. Returns the steps and save points as ai-toolkit reads them (its defaults filled in). */
export function lintSave(t: Trainer, out: Collector, dtype: string | undefined): RunPoints {
  const { train, save, at, base } = t;
  // A number past its range is its own finding (numbers.ts); the run's math then uses ai-toolkit's default,
  // so `steps: 1e12` never lists 10^9 save points.
  const steps = inRange(train.steps, BOUNDS.steps) ?? 1000;
  const saveEvery = (save && inRange(save.save_every, BOUNDS.stepInterval)) ?? 1000;
  const keep = (save && inRange(save.max_step_saves_to_keep, BOUNDS.savesToKeep)) ?? 5;
  if (save?.push_to_hub === true) {
    out.add('save.push-to-hub', 'warning', at('save', 'push_to_hub'), 'push_to_hub without HF_TOKEN in the environment opens an interactive login at the end of training, which hangs a headless run', 'launch with HF_TOKEN set (lorapilot train passes it), or remove push_to_hub');
    if (!str(save.hf_repo_id)) out.add('save.hf-repo', 'error', at('save', 'push_to_hub'), 'push_to_hub without hf_repo_id', 'add hf_repo_id: user/repo');
  }
  if (save && str(save.dtype) && ['fp16', 'float16', 'half'].includes(str(save.dtype)!) && dtype && ['bf16', 'bfloat16'].includes(dtype)) {
    out.add('save.dtype-fp16', 'info', at('save', 'dtype'), 'trained in bf16 but saved in fp16: large weights can overflow fp16', 'use save.dtype: bf16 (what the UI writes)');
  }
  const saves = savePoints(steps, saveEvery);
  if (saveEvery >= steps) {
    out.add('save.after-end', 'warning', save ? at('save', 'save_every') : base, `save_every ${fmt(saveEvery)} ≥ steps ${fmt(steps)}: only the final checkpoint is written, nothing to compare`, `set save_every to a tenth of the run or one epoch (e.g. ${fmt(Math.max(1, Math.ceil(steps / 10)))})`);
  } else if (saves.length > keep) {
    const lost = saves.slice(0, saves.length - keep);
    // a limit the file sets is a choice; the default of 5 surprises
    const explicit = save?.max_step_saves_to_keep !== undefined;
    out.add('save.keep-too-low', explicit ? 'info' : 'warning', explicit ? at('save', 'max_step_saves_to_keep') : save ? at('save') : base, `${saves.length} step checkpoints but max_step_saves_to_keep ${keep}: the ones at steps ${lost.slice(0, 3).map(fmt).join(', ')}${lost.length > 3 ? ', …' : ''} are deleted during the run`, `set max_step_saves_to_keep: ${saves.length} to keep every checkpoint to test`);
  }
  return { steps, saveEvery, keep };
}

/** The logging block: the monitor reads loss_log.db. */
export function lintLogging(t: Trainer, out: Collector): void {
  const { logging, at, base } = t;
  if (!logging || logging.use_ui_logger !== true) {
    out.add('logging.no-loss-db', 'info', logging ? at('logging') : base, 'no loss_log.db: logging.use_ui_logger is off, so the monitor reads the loss from the console only', 'add logging: {use_ui_logger: true, log_every: 1}');
  } else if (logging.log_every !== null && (numv(logging.log_every) ?? 100) > 1) {
    out.add('logging.sparse', 'info', at('logging', logging.log_every === undefined ? 'use_ui_logger' : 'log_every'), `loss is logged every ${numv(logging.log_every) ?? 100} steps (default 100)`, 'set log_every: 1 for a full loss curve');
  }
}
