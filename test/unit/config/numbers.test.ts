import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { lintConfigText, type ConfigFinding } from '../../../src/config/lint.js';
import { NUMBER_KEYS } from '../../../src/config/lint/number-keys.js';
import { trainerProcessSchema } from '../../../src/config/schema.js';

const config = (lines: { train?: string; network?: string; save?: string; sample?: string; dataset?: string } = {}) => `job: extension
config:
  name: maya
  process:
    - type: sd_trainer
      training_folder: /workspace/lorapilot/maya/output
      network:
        type: lora
${lines.network ?? '        linear: 16\n        linear_alpha: 16\n'}      save:
${lines.save ?? '        save_every: 250\n'}      datasets:
        - folder_path: /workspace/lorapilot/maya/dataset/40_maya_char
${lines.dataset ?? '          resolution: [1024]\n'}      train:
${lines.train ?? '        steps: 2000\n'}        lr: 0.0001
      sample:
${lines.sample ?? '        sample_every: 250\n'}        prompts: ['maya_char']
      model:
        name_or_path: black-forest-labs/FLUX.1-dev
`;

const numberFindings = (text: string): ConfigFinding[] => lintConfigText('job.yaml', text).findings.filter((f) => f.rule === 'config.range' || f.rule === 'config.number');

/** Every key whose schema type is a number, as "section.key" with `#` for list items. */
function numericKeys(schema: z.ZodType, prefix: string, out: string[]): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const inner = (s: unknown) => numericKeys(s as z.ZodType, prefix, out);
  if (def.type === 'number') out.push(prefix);
  else if (['optional', 'nullable', 'default'].includes(def.type)) inner(def.innerType);
  else if (def.type === 'union') for (const o of def.options as unknown[]) inner(o);
  else if (def.type === 'array') numericKeys(def.element as z.ZodType, `${prefix}.#`, out);
  else if (def.type === 'object') for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) numericKeys(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

describe('config lint: numbers', () => {
  it('every numeric key of the schema has a range in the bounds table', () => {
    const keys = numericKeys(trainerProcessSchema, '', []);
    expect(keys).toContain('train.steps');
    expect(keys.filter((k) => !(k in NUMBER_KEYS))).toEqual([]);
  });

  it('the default config has no number findings', () => {
    expect(numberFindings(config())).toEqual([]);
  });

  it.each([
    ['train.steps', { train: '        steps: 1e12\n' }, '1000000000000', 'a whole number from 1 to 1,000,000'],
    ['train.steps', { train: '        steps: 0.5\n' }, '0.5', 'a whole number from 1 to 1,000,000'],
    ['train.batch_size', { train: '        steps: 2000\n        batch_size: 100000\n' }, '100000', 'a whole number from 1 to 256'],
    ['network.linear', { network: '        linear: 100000\n        linear_alpha: 16\n' }, '100000', 'a whole number from 1 to 4,096'],
    ['network.linear_alpha', { network: '        linear: 16\n        linear_alpha: 1e9\n' }, '1000000000', 'a number from 0.0001 to 4,096'],
    ['datasets.0.resolution.1', { dataset: '          resolution: [1024, 100000]\n' }, '100000', 'a whole number from 64 to 4,096'],
    ['save.save_every', { save: '        save_every: 5000000000\n' }, '5000000000', 'a whole number from 1 to 1,000,000'],
    ['save.max_step_saves_to_keep', { save: '        save_every: 250\n        max_step_saves_to_keep: 1e7\n' }, '10000000', 'a whole number from 0 to 10,000'],
    ['sample.sample_every', { sample: '        sample_every: 1e9\n' }, '1000000000', 'a whole number from 1 to 1,000,000'],
  ])('%s past its range is an error naming the key, the value and the range', (key, lines, value, range) => {
    const fs = numberFindings(config(lines));
    const f = fs.find((x) => x.path.endsWith(key))!;
    expect(f, JSON.stringify(fs)).toBeDefined();
    expect(f).toMatchObject({ rule: 'config.range', severity: 'error' });
    expect(f.message).toContain(`${key} is ${value}`);
    expect(f.fix).toBe(`use ${range}`);
    expect(f.line).toBeGreaterThan(1);
  });

  it('learning rates take their range', () => {
    const f = numberFindings(config({ train: '        steps: 2000\n        unet_lr: 5\n' }));
    expect(f.map((x) => [x.path, x.fix])).toEqual([['config.process.0.train.unet_lr', 'use a number from 0.000000001 to 1']]);
  });

  it.each([
    ['1e400', 'Infinity'],
    ['99999999999999999999', '100000000000000000000'],
    ['-.inf', '-Infinity'],
  ])('steps: %s is not a safe number: an error', (text, shown) => {
    const fs = numberFindings(config({ train: `        steps: ${text}\n` }));
    expect(fs.map((f) => f.rule)).toEqual(['config.number']);
    expect(fs[0].message).toContain(`train.steps is ${shown}`);
    expect(fs[0].message).toContain('not a number that can be read exactly');
  });

  it('the same in a JSON config', () => {
    const json = JSON.stringify({ job: 'extension', config: { name: 'maya', process: [{ type: 'sd_trainer', training_folder: '/w', model: { name_or_path: 'x/y' }, train: { steps: 1e12 } }] } });
    expect(numberFindings(json.replace('1000000000000', '99999999999999999999')).map((f) => f.rule)).toEqual(['config.number']);
    expect(numberFindings(json).map((f) => f.rule)).toEqual(['config.range']);
  });
});
