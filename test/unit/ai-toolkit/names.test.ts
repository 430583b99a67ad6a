import { describe, expect, it } from 'vitest';
import { lossLogPath, samplePath, samplesFolder } from '../../../src/ai-toolkit/layout.js';
import { checkpointFileName, parseCheckpointName, parseSampleName, sampleFileName, stepTag } from '../../../src/ai-toolkit/names.js';

describe("ai-toolkit's file names and folder layout", () => {
  it('names checkpoints and samples with the nine-digit step and reads them back', () => {
    expect(stepTag(250)).toBe('000000250');
    expect(checkpointFileName('maya_v1', 250)).toBe('maya_v1_000000250.safetensors');
    expect(checkpointFileName('maya_v1', null)).toBe('maya_v1.safetensors');
    expect(parseCheckpointName('maya_v1_000000250.safetensors', 'maya_v1')).toEqual({ file: 'maya_v1_000000250.safetensors', step: 250, final: false });
    expect(parseCheckpointName('maya_v1.safetensors', 'maya_v1')).toMatchObject({ step: null, final: true });
    expect(parseCheckpointName('maya_v1_250.safetensors', 'maya_v1')).toBeNull();
    expect(parseCheckpointName('maya_v1_000000250.safetensors.part', 'maya_v1')).toBeNull();
    const sample = sampleFileName(1_724_085_406_830, 500, 2);
    expect(sample).toBe('1724085406830__000000500_2.jpg');
    expect(parseSampleName(sample)).toMatchObject({ step: 500, index: 2, ext: 'jpg' });
  });

  it('places samples and the loss database inside the job folder', () => {
    expect(samplesFolder('/workspace/out/maya_v1')).toBe('/workspace/out/maya_v1/samples');
    expect(samplePath('/workspace/out/maya_v1', 'a.jpg')).toBe('/workspace/out/maya_v1/samples/a.jpg');
    expect(lossLogPath('/workspace/out/maya_v1')).toBe('/workspace/out/maya_v1/loss_log.db');
  });
});
