import { formatCount as fmt } from '../../text/format.js';
import type { Preset } from '../presets.js';
import type { PathPart } from '../source.js';
import type { Collector } from './collector.js';
import type { Trainer } from './process.js';
import { isObj, numv, str, type Obj } from './values.js';

const PROMPT_FLAGS = ['n', 'w', 'h', 'd', 'seed', 'l', 'cfg', 's', 'steps', 'm', 'network_multiplier', 'gr', 'p2', 'n2', 'a', 'ref', 'ev', 'frames', 'num_frames', 'fps', 'ctrl_img', 'ctrl_idx'];

function promptsOf(sample: Obj): Array<{ text: string; path: PathPart[] }> {
  const out: Array<{ text: string; path: PathPart[] }> = [];
  if (Array.isArray(sample.prompts)) sample.prompts.forEach((t, j) => typeof t === 'string' && out.push({ text: t, path: ['prompts', j] }));
  if (Array.isArray(sample.samples)) sample.samples.forEach((s, j) => isObj(s) && typeof s.prompt === 'string' && out.push({ text: s.prompt, path: ['samples', j, 'prompt'] }));
  return out;
}

function containsWord(text: string, word: string): boolean {
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${esc}([^A-Za-z0-9_]|$)`).test(text);
}

/** On RunPod only /workspace survives a pod stop; relative paths resolve inside /app/ai-toolkit (§9). */

/** The sample block: cadence against the checkpoints, the trigger in every prompt, inline flags. */
export function lintSample(t: Trainer, out: Collector, run: { steps: number; saveEvery: number; preset: Preset | undefined }): void {
  const { p, sample, at, base } = t;
  const { steps, saveEvery, preset } = run;
  if (!sample) out.add('sample.missing', 'warning', base, 'no sample block: no sample images to judge the checkpoints by', 'add sample with the test prompts (lorapilot config build writes them)');
  else {
    const sampleEvery = numv(sample.sample_every) ?? 100;
    if (sampleEvery >= steps) out.add('sample.after-end', 'warning', at('sample', 'sample_every'), `sample_every ${fmt(sampleEvery)} ≥ steps ${fmt(steps)}: samples only at the start and the end`, `use save_every (${fmt(saveEvery)}) so samples pair with checkpoints`);
    else if (sampleEvery !== saveEvery && saveEvery % sampleEvery !== 0) {
      out.add('sample.unpaired', 'info', at('sample', 'sample_every'), `sample_every ${fmt(sampleEvery)} does not line up with save_every ${fmt(saveEvery)}: some checkpoints have no samples`, `set sample_every: ${fmt(saveEvery)}`);
    }
    const trigger = str(p.trigger_word);
    const prompts = promptsOf(sample);
    prompts.forEach(({ text, path }) => {
      if (/\[trigger\]/.test(text) && !trigger) out.add('sample.trigger-empty', 'warning', at('sample', ...path), "'[trigger]' in a sample prompt becomes '' because trigger_word is not set", 'set trigger_word, or write the trigger word out');
      else if (trigger && !/\[trigger\]/.test(text) && !containsWord(text, trigger)) {
        out.add('sample.no-trigger', 'warning', at('sample', ...path), `this prompt lacks the trigger '${trigger}': ai-toolkit does not add it to sample prompts, so the sample shows the base model`, `start the prompt with '${trigger}, ' or '[trigger], '`);
      }
      const flag = /(?:^|\s)--(\S*)/.exec(text);
      if (flag && !PROMPT_FLAGS.includes(flag[1])) out.add('sample.prompt-dashes', 'warning', at('sample', ...path), `'--' in a prompt starts inline flags: the prompt is cut at '--${flag[1]}'`, 'remove the double dash');
    });
    if (preset && !preset.usesNegative && typeof sample.neg === 'string' && sample.neg.trim() !== '') {
      out.add('sample.neg-unused', 'info', at('sample', 'neg'), `${preset.label} samples without CFG (guidance-distilled): the negative prompt has no effect`, 'remove neg');
    }
  }
}
