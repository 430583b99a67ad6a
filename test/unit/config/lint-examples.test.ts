import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintExampleFolder } from '../../../src/config/examples-run.js';
import { lintConfigText, type ConfigFinding } from '../../../src/config/lint.js';

/** Configs in the shapes of ai-toolkit's official examples: every finding on them must be a real problem. */
const DIR = join(__dirname, '..', '..', 'fixtures', 'configs', 'examples');
const lint = (name: string, text = readFileSync(join(DIR, name), 'utf8')) => lintConfigText(name, text).findings;
const serious = (fs: ConfigFinding[]) => fs.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.rule} ${f.path}`);

describe('official example shapes', () => {
  it('an extract job is not a training config: one note, no errors about its own keys and process types', () => {
    const f = lint('extract-job.yaml');
    expect(f.map((x) => `${x.severity} ${x.rule}`)).toEqual(['info job.not-checked']);
  });

  it('a trainer under a job other than extension is still an error', () => {
    const text = readFileSync(join(DIR, 'ara-local.yaml'), 'utf8').replace('job: extension', 'job: train');
    expect(serious(lint('x.yaml', text))).toContain('error job.type job');
  });

  it('adapter training without a network block, device cuda:0 and every key ai-toolkit reads: nothing to fix', () => {
    const f = lint('adapter-no-network.yaml');
    expect(serious(f)).toEqual([]);
    expect(f.filter((x) => x.rule === 'config.unknown-key' || x.rule === 'process.device')).toEqual([]);
  });

  it('the whole-model fine-tune without a network is a warning, not an error', () => {
    const text = readFileSync(join(DIR, 'adapter-no-network.yaml'), 'utf8').replace(/      adapter:\n(?: {8}.*\n)+/, '');
    expect(serious(lint('x.yaml', text))).toEqual(['warning network.missing config.process.0']);
  });

  it('a device that names another GPU is a warning: the trainer does not pick it', () => {
    const text = readFileSync(join(DIR, 'adapter-no-network.yaml'), 'utf8').replace('device: cuda:0', 'device: cuda:1');
    const dev = lint('x.yaml', text).find((x) => x.rule === 'process.device')!;
    expect(dev.severity).toBe('warning');
    expect(dev.fix).toContain('CUDA_VISIBLE_DEVICES=1');
  });

  it('an accuracy-recovery adapter given as a local file is a warning to check it is on the pod', () => {
    const f = lint('ara-local.yaml');
    expect(serious(f)).toEqual(['warning model.ara-local config.process.0.model.qtype']);
    expect(f.find((x) => x.rule === 'model.ara-local')!.message).toContain('adapters/qwen_edit_uint3.safetensors');
  });

  it('the same adapter as a Hub path owner/repo/file needs nothing; one that is not a .safetensors file is an error', () => {
    const src = readFileSync(join(DIR, 'ara-local.yaml'), 'utf8');
    expect(serious(lint('x.yaml', src.replace('adapters/qwen_edit_uint3.safetensors', 'ostris/accuracy_recovery_adapters/qwen_edit_uint3.safetensors')))).toEqual([]);
    expect(serious(lint('x.yaml', src.replace('adapters/qwen_edit_uint3.safetensors', 'adapters/notes.txt')))).toEqual(['error config.value config.process.0.model.qtype']);
  });

  it('deleted early checkpoints: a note when the file sets the limit, a warning when the default of 5 decides', () => {
    const src = readFileSync(join(DIR, 'ara-local.yaml'), 'utf8').replace('steps: 1000', 'steps: 2000');
    expect(lint('x.yaml', src).find((x) => x.rule === 'save.keep-too-low')?.severity).toBe('info');
    const dflt = lint('x.yaml', src.replace('        max_step_saves_to_keep: 4\n', ''));
    expect(dflt.find((x) => x.rule === 'save.keep-too-low')?.severity).toBe('warning');
  });

  it('a key ai-toolkit reads only to refuse it (datasets[].poi) is an error, not an unknown key', () => {
    const text = readFileSync(join(DIR, 'ara-local.yaml'), 'utf8').replace('          caption_ext: txt', '          caption_ext: txt\n          poi: person');
    expect(serious(lint('x.yaml', text))).toEqual(['error dataset.poi config.process.0.datasets.0.poi', 'warning model.ara-local config.process.0.model.qtype']);
  });

  it('a YAML syntax error is the one error, at its line', () => {
    const f = lint('broken-quote.yaml');
    expect(f.map((x) => `${x.severity} ${x.rule}`)).toEqual(['error config.syntax']);
  });

  it('the runner prints findings per example and the totals', () => {
    const lines = lintExampleFolder(DIR);
    expect(lines).toContain('broken-quote.yaml: 1 error, 0 warnings, 0 notes');
    expect(lines.find((l) => l.startsWith('ara-local.yaml:'))).toBe('ara-local.yaml: 0 errors, 1 warning, 0 notes');
    expect(lines.some((l) => /model\.ara-local config\.process\.0\.model\.qtype/.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^4 examples: \d+ findings \(1 errors?, \d+ warnings?, \d+ notes?\)$/);
  });
});
