import { describe, expect, it } from 'vitest';
import { lintConfigText } from '../../../src/config/lint.js';
import { timesSeen, timesSeenText } from '../../../src/config/times-seen.js';

const config = (repeats: number, steps: number) => `job: extension
config:
  name: maya
  process:
    - type: sd_trainer
      training_folder: /workspace/out
      trigger_word: maya_char
      network: {type: lora, linear: 16, linear_alpha: 16}
      save: {dtype: bf16, save_every: 100, max_step_saves_to_keep: 40}
      datasets:
        - folder_path: /workspace/data/maya
          num_repeats: ${repeats}
      train: {steps: ${steps}, lr: 0.0001, dtype: bf16, batch_size: 1}
      model: {name_or_path: black-forest-labs/FLUX.1-dev, arch: flux}
      sample: {sample_every: 100, samples: [{prompt: maya_char}]}
      logging: {use_ui_logger: true, log_every: 1}
`;
const underEpoch = (repeats: number, steps: number) =>
  lintConfigText('c.yaml', config(repeats, steps), { datasetImages: new Map([['maya', 70]]) }).findings.find((f) => f.rule === 'train.under-one-epoch');

describe('how often each image is drawn', () => {
  it('copies per epoch times the epochs; under one epoch some are missed only when copies are few', () => {
    expect(timesSeen(0.5, [{ images: 70, copies: 40 }])).toMatchObject({ least: 20, most: 20, neverDrawn: 0 });
    expect(timesSeen(0.5, [{ images: 70, copies: 1 }])).toMatchObject({ least: 0.5, neverDrawn: 35 });
    expect(timesSeen(2, [{ images: 10, copies: 1 }, { images: 5, copies: 3 }])).toMatchObject({ least: 2, most: 6, neverDrawn: 0, images: 15 });
    expect(timesSeenText(timesSeen(0.5, [{ images: 70, copies: 1 }]))).toBe('each image is drawn about 0.5 times, so about 35 of the 70 images not at all');
    expect(timesSeenText(timesSeen(0.5, [{ images: 70, copies: 40 }]))).toBe('each image is drawn about 20 times');
  });

  it('the lint under one epoch says how many times each image is seen: a note with repeats, a warning when images are missed', () => {
    const repeated = underEpoch(40, 1400)!; // one epoch is 2,800 steps
    expect(repeated.severity).toBe('info');
    expect(repeated.message).toContain('each image is drawn about 20 times');
    expect(repeated.message).not.toContain('never trained');
    const once = underEpoch(1, 35)!; // half of one pass over 70 images
    expect(once.severity).toBe('warning');
    expect(once.message).toContain('about 35 of the 70 images not at all');
    expect(underEpoch(1, 700)).toBeUndefined();
  });
});
