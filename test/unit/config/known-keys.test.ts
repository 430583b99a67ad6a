import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ACCEPTED_UNREAD, KEY_SOURCE, readKeys, SECTION_PATHS, type KeySection } from '../../../src/config/known-keys.js';
import { lintConfigText } from '../../../src/config/lint.js';
import { sectionKeys } from '../../../src/config/schema.js';

const sections = Object.keys(SECTION_PATHS) as KeySection[];

function job(process: Record<string, unknown>, config: Record<string, unknown> = {}) {
  return stringify({
    job: 'extension',
    config: {
      name: 'maya',
      ...config,
      process: [{
        type: 'sd_trainer', training_folder: '/workspace/out', trigger_word: 'maya_char',
        model: { name_or_path: 'black-forest-labs/FLUX.1-dev', arch: 'flux' },
        datasets: [{ folder_path: '/workspace/data' }],
        ...process,
      }],
    },
  });
}
const unknownKeys = (text: string) => lintConfigText('c.yaml', text).findings.filter((f) => f.rule === 'config.unknown-key').map((f) => f.path);

describe('the schema against the keys ai-toolkit reads', () => {
  it('comes from a named ai-toolkit commit', () => {
    expect(KEY_SOURCE.repo).toBe('ostris/ai-toolkit');
    expect(KEY_SOURCE.commit).toMatch(/^27a03a91[0-9a-f]{32}$/);
  });

  it.each(sections)('%s: the schema accepts exactly the keys ai-toolkit reads there', (s) => {
    const expected = [...readKeys(s), ...(ACCEPTED_UNREAD[s] ?? [])].sort();
    expect(expected.length).toBeGreaterThan(0);
    expect([...sectionKeys(s)].sort()).toEqual(expected);
  });

  it('no key ai-toolkit reads is called unknown, in any section', () => {
    const at = (s: KeySection) => Object.fromEntries(readKeys(s).map((k) => [k, null]));
    const text = job({
      ...at('process'), type: 'sd_trainer', training_folder: '/workspace/out', trigger_word: 'maya_char',
      network: at('network'), save: at('save'), logging: at('logging'),
      train: { ...at('train'), ema_config: at('ema') },
      model: { ...at('model'), name_or_path: 'black-forest-labs/FLUX.1-dev', arch: 'flux' },
      sample: { ...at('sample'), samples: [{ ...at('sampleItem'), prompt: 'maya_char' }] },
      datasets: [{ ...at('dataset'), folder_path: '/workspace/data' }],
    }, { device: 'cuda' });
    expect(unknownKeys(text)).toEqual([]);
  });

  it('the keys people write that the old list refused are accepted', () => {
    const text = job({
      datasets: [{ folder_path: '/workspace/data', clip_image_path: '/workspace/clip', control_from_same_folder: true, use_short_captions: true }],
      model: { name_or_path: 'black-forest-labs/FLUX.1-dev', arch: 'flux', compile_mode: 'max-autotune', quantize_kwargs: {}, te_dtype: 'bf16', vae_dtype: 'bf16', split_model_over_gpus: false, text_encoder_bits: 8, only_if_contains: ['transformer_blocks'] },
      train: { dtype: 'bf16', blank_prompt_preservation_multiplier: 1, differential_guidance_scale: 3, merge_network_on_save: false, linear_timesteps: true, do_cfg: false, cfg_scale: 1 },
    }, { device: 'cuda:0' });
    expect(unknownKeys(text)).toEqual([]);
  });

  it('keys no trainer reads stay flagged: train.auto_scale_batch_size, process.monitoring, model.dtype (train.dtype replaces it)', () => {
    const text = job({
      monitoring: { enabled: true },
      train: { dtype: 'bf16', auto_scale_batch_size: true },
      model: { name_or_path: 'black-forest-labs/FLUX.1-dev', arch: 'flux', dtype: 'fp16' },
    });
    expect(unknownKeys(text).sort()).toEqual([
      'config.process.0.model.dtype',
      'config.process.0.monitoring',
      'config.process.0.train.auto_scale_batch_size',
    ]);
  });
});
