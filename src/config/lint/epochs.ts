import { posix } from 'node:path';
import { formatCount as fmt } from '../../text/format.js';
import type { LintEpochMath, LintOptions } from './types.js';
import type { PathPart } from '../source.js';
import { savePoints } from '../step-math.js';
import { timesSeen, timesSeenText, type SeenGroup } from '../times-seen.js';
import type { Collector } from './collector.js';
import { isObj, numv, str, type Obj } from './values.js';

/** The config's steps against the real epoch, when the dataset's folders and image counts are known. */
export function epochMath(datasets: unknown[], train: Obj, steps: number, saveEvery: number, keep: number, base: PathPart[], out: Collector, options: LintOptions): LintEpochMath | undefined {
  if (!options.datasetImages) return undefined;
  const bs = numv(train.batch_size) ?? 1;
  const ga = numv(train.gradient_accumulation) ?? 1;
  let imagesPerEpoch = 0;
  let batches = 0;
  const groups: SeenGroup[] = [];
  for (const d of datasets) {
    if (!isObj(d) || d.is_reg === true) continue;
    const folder = str(d.folder_path) ?? str(d.dataset_path);
    if (!folder) continue;
    const images = options.datasetImages.get(posix.basename(folder.replace(/\/+$/, '')));
    if (images === undefined) return undefined;
    const repeats = numv(d.num_repeats) ?? 1;
    const flips = (d.flip_x === true ? 2 : 1) * (d.flip_y === true ? 2 : 1);
    const res = Array.isArray(d.resolution) ? d.resolution.length : 1;
    const items = images * repeats * flips;
    imagesPerEpoch += items * res;
    batches += res * Math.ceil(items / bs);
    groups.push({ images, copies: repeats * flips * res });
  }
  if (imagesPerEpoch === 0) return undefined;
  const stepsPerEpoch = Math.max(1, Math.ceil(batches / ga));
  // Kohya-style prefixes without num_repeats: show what the run is as written and as the guide means it.
  let prefixed = 0;
  let prefixedItems = 0;
  for (const d of datasets) {
    if (!isObj(d) || d.is_reg === true) continue;
    const folder = str(d.folder_path) ?? str(d.dataset_path) ?? '';
    const name = posix.basename(folder.replace(/\/+$/, ''));
    const images = options.datasetImages.get(name) ?? 0;
    const m = /^(\d+)_/.exec(name);
    const repeats = d.num_repeats === undefined && m ? Number(m[1]) : numv(d.num_repeats) ?? 1;
    if (d.num_repeats === undefined && m) prefixed++;
    const flips = (d.flip_x === true ? 2 : 1) * (d.flip_y === true ? 2 : 1);
    const res = Array.isArray(d.resolution) ? d.resolution.length : 1;
    prefixedItems += res * Math.ceil((images * repeats * flips) / bs);
  }
  if (prefixed > 0) {
    const withRepeats = Math.max(1, Math.ceil(prefixedItems / ga));
    out.add('train.steps-readings', 'info', [...base, 'train', 'steps'],
      `as written (prefixes ignored) one epoch is ${fmt(stepsPerEpoch)} steps, so steps ${fmt(steps)} = ${(steps / stepsPerEpoch).toFixed(2).replace(/\.00$/, '')} epochs; with num_repeats from the prefixes one epoch is ${fmt(withRepeats)} steps, so steps ${fmt(steps)} = ${(steps / withRepeats).toFixed(2).replace(/\.00$/, '')} epochs`,
      'add num_repeats, then choose steps = epochs × steps per epoch (lorapilot config build shows both)');
  }
  const epochs = steps / stepsPerEpoch;
  const trainPath = [...base, 'train', 'steps'];
  const e2 = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  if (epochs < 1) {
    // under an epoch is harmless while repeats make every image come up anyway; it matters when some never do
    const seen = timesSeen(epochs, groups);
    out.add('train.under-one-epoch', seen.neverDrawn > 0 ? 'warning' : 'info', trainPath, `steps ${fmt(steps)} is ${e2(epochs)} of an epoch (${fmt(imagesPerEpoch)} images per epoch = ${fmt(stepsPerEpoch)} steps): ${timesSeenText(seen)}`, seen.neverDrawn > 0 ? `use steps: ${fmt(stepsPerEpoch)} for one epoch, or fewer repeats/resolutions` : 'nothing to fix; ai-toolkit counts steps, not epochs');
  } else if (epochs >= 5) {
    if (saveEvery % stepsPerEpoch !== 0) {
      out.add('save.not-epoch', 'info', [...base, 'save', 'save_every'], `save_every ${fmt(saveEvery)} is ${e2(saveEvery / stepsPerEpoch)} epochs (one epoch = ${fmt(stepsPerEpoch)} steps): checkpoints do not fall on epochs`, `set save_every: ${fmt(stepsPerEpoch)} to test epoch by epoch`);
    }
    const saves = savePoints(steps, saveEvery);
    const fromEpoch5 = saves.filter((k) => k >= 5 * stepsPerEpoch - 1).length;
    if (keep < fromEpoch5) {
      out.add('save.keep-epochs', 'warning', [...base, 'save'], `max_step_saves_to_keep ${keep} keeps fewer than the ${fromEpoch5} checkpoints from epoch 5 on, which the guide tests`, `set max_step_saves_to_keep: ${saves.length}`);
    }
  }
  return { imagesPerEpoch, stepsPerEpoch, totalSteps: steps, epochs };
}
