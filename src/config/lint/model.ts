import { presetForModel, type Preset } from '../presets.js';
import { suggestValue } from '../suggest.js';
import { ARCHS, baseArch, isKnownArch, isLegacyArch, parseQtype, SCHEDULERS } from '../vocabulary.js';
import type { Collector } from './collector.js';
import type { Trainer } from './process.js';
import { listOf, str } from './values.js';

const LEGACY_FLAGS: Array<[string, string]> = [
  ['is_flux', 'flux'], ['is_xl', 'sdxl'], ['is_v3', 'sd3'], ['is_v2', 'sd2'], ['is_ssd', 'ssd'], ['is_vega', 'vega'],
  ['is_pixart', 'pixart'], ['is_pixart_sigma', 'pixart_sigma'], ['is_auraflow', 'auraflow'], ['is_lumina2', 'lumina2'],
];

/** The model block, and the scheduler keys that only legacy model classes read. Returns the matching preset. */
export function lintModel(t: Trainer, out: Collector): { preset: Preset | undefined } {
  const { model, train, sample, at } = t;
  const arch = model ? str(model.arch) : undefined;
  const nameOrPath = model ? str(model.name_or_path) : undefined;
  if (model) {
    if (nameOrPath && /(HERE|PATH_TO|\/path\/to|^MODEL_PATH|<.*>)/.test(nameOrPath)) {
      out.add('model.placeholder', 'error', at('model', 'name_or_path'), `'${nameOrPath}' is a placeholder`, "set the model's Hugging Face repo (see lorapilot config presets)");
    }
    if (arch === undefined) {
      const legacyFlag = Object.keys(model).find((k) => /^is_/.test(k) && model[k] === true);
      if (legacyFlag) out.add('model.arch-legacy-flag', 'info', at('model', legacyFlag), `'${legacyFlag}' is the legacy way to choose the model class`, `write arch: ${legacyFlag === 'is_flux' ? 'flux' : legacyFlag === 'is_xl' ? 'sdxl' : legacyFlag.slice(3)}`, 'key');
      else out.add('model.arch-missing', 'error', at('model'), 'no arch: ai-toolkit loads the model as Stable Diffusion 1.x', `add arch (${presetForModel(undefined, nameOrPath)?.arch ?? 'flux, qwen_image, zimage, flux2, chroma, sdxl …'})`);
    } else if (!isKnownArch(arch)) {
      const near = suggestValue(baseArch(arch), ARCHS);
      out.add('model.arch-unknown', 'error', at('model', 'arch'), `unknown arch '${arch}': ai-toolkit does not stop, it falls back to Stable Diffusion 1.x`, near ? `did you mean '${near}'?` : 'see lorapilot config presets');
    }
    const qtype = str(model.qtype);
    const q = qtype ? parseQtype(qtype) : undefined;
    if (q?.ok && q.adapter && model.quantize !== true) {
      out.add('model.qtype-unused', 'warning', at('model', 'qtype'), 'an accuracy-recovery qtype without quantize: true does nothing', 'add quantize: true');
    } else if (q?.ok && q.adapter && !q.adapterOnHub) {
      // ai-toolkit loads a path that exists; any other is read as owner/repo/file, which this is not
      out.add('model.ara-local', 'warning', at('model', 'qtype'), `the accuracy-recovery adapter '${q.adapter}' is a file on the pod${q.adapter.startsWith('/') ? '' : ' (relative to the ai-toolkit folder)'}: if it is not there, quantizing fails`, 'upload it to the pod first, or give its Hub path owner/repo/file.safetensors');
    }
  }
  // Without arch the legacy is_* flags pick the class (config_modules.py:764-771); neither means SD 1.x.
  const flagArch = model && arch === undefined ? LEGACY_FLAGS.find(([flag]) => model[flag] === true)?.[1] : undefined;
  const effectiveArch = arch ?? flagArch;
  const legacy = effectiveArch ? isLegacyArch(effectiveArch) : true;
  const preset = presetForModel(effectiveArch, nameOrPath);
  const noise = str(train.noise_scheduler);
  if (noise !== undefined) {
    if (arch && !legacy) out.add('train.noise-scheduler-ignored', 'info', at('train', 'noise_scheduler'), `noise_scheduler does nothing for ${arch}: the model class brings its own train scheduler`, 'remove it', 'key');
    else if (!(SCHEDULERS as readonly string[]).includes(noise)) out.add('train.noise-scheduler', 'error', at('train', 'noise_scheduler'), `unknown noise_scheduler '${noise}'`, suggestValue(noise, SCHEDULERS) ? `did you mean '${suggestValue(noise, SCHEDULERS)}'?` : `use one of ${listOf(SCHEDULERS)}`);
  }
  const sampler = sample ? str(sample.sampler) : undefined;
  if (model && effectiveArch === undefined && (noise !== undefined || sampler !== undefined)) {
    out.add('model.scheduler-depends-on-arch', 'info', noise !== undefined ? at('train', 'noise_scheduler') : at('sample', 'sampler'), 'noise_scheduler and sample.sampler are read only by legacy archs (flux, sdxl, sd1 …); qwen_image, zimage, flux2, chroma and the other newer models ignore them', 'set model.arch; keep these keys only for legacy archs', 'key');
  }
  if (sampler !== undefined) {
    if (arch && !legacy) out.add('sample.sampler-ignored', 'info', at('sample', 'sampler'), `sample.sampler does nothing for ${arch}: the newer model classes never read it`, 'remove it', 'key');
    else if (!(SCHEDULERS as readonly string[]).includes(sampler)) out.add('sample.sampler', 'error', at('sample', 'sampler'), `unknown sampler '${sampler}'`, suggestValue(sampler, SCHEDULERS) ? `did you mean '${suggestValue(sampler, SCHEDULERS)}'?` : `use one of ${listOf(SCHEDULERS)}`);
  }
  return { preset };
}
