import { describe, expect, it } from 'vitest';
import type { CheckpointEntry } from '../../../src/checkpoints/checkpoint-index.js';
import { checkpointCells, tableLines } from '../../../src/checkpoints/list-text.js';
import { rankingLine } from '../../../src/checkpoints/ranking-text.js';
import { rankCheckpoints } from '../../../src/checkpoints/scoring.js';

function entry(over: Partial<CheckpointEntry>): CheckpointEntry {
  return {
    file: 'maya_v1_000000500.safetensors',
    remotePath: '/w/maya_v1_000000500.safetensors',
    step: 500,
    stepSource: 'name',
    headerStep: 500,
    final: false,
    epoch: 2,
    epochSource: 'header',
    size: 2_000_000,
    mtimeMs: 0,
    where: 'pod',
    localPath: null,
    localBytes: 0,
    header: 'ok',
    loss: 0.12345,
    marked: false,
    chosen: false,
    samples: [],
    ...over,
  };
}

describe('checkpoint table text', () => {
  it('names where a file is for a pod run and for a run on this machine', () => {
    const where = (e: Partial<CheckpointEntry>, local: boolean) => checkpointCells(entry(e), local).where;
    expect([where({ where: 'pod' }, false), where({ where: 'both' }, false), where({ where: 'local' }, false)]).toEqual(['pod', 'both', 'local']);
    expect([where({ where: 'pod' }, true), where({ where: 'both' }, true), where({ where: 'local' }, true)]).toEqual(['run', 'run+loras', 'loras']);
    expect(where({ where: 'partial', localBytes: 500_000 }, false)).toBe('partial 25%');
    expect(checkpointCells(entry({ epoch: null, loss: null, header: 'bad', headerProblem: undefined }), false)).toMatchObject({ epoch: '–', loss: '–', problem: 'bad header' });
  });

  it('lines up the columns and puts a bad header after its row', () => {
    const lines = tableLines([entry({ marked: true }), entry({ file: 'maya_v1.safetensors', step: 1000, final: true, chosen: true, header: 'bad', headerProblem: 'truncated' })]);
    expect(lines[0]).toMatch(/^\s+step\s+epoch\s+loss\s+size\s+where\s+marked\s+chosen$/);
    expect(lines[1]).toMatch(/^\s+500\s+2\s+0\.1235\s+1\.9 MB\s+pod\s+◆$/);
    expect(lines[2]).toMatch(/1000 \(final\)\s+2\s+0\.1235\s+1\.9 MB\s+pod\s+✔\s+▲ truncated$/);
  });

  it('ranks fully scored checkpoints first and marks the rest incomplete', () => {
    const [a, b] = rankCheckpoints([500, 750], { '500': { face: 3 }, '750': { face: 4, skin: 4, prompt: 5 } });
    expect(rankingLine(a)).toMatch(/^\s+#1\s+750\s+4\s+4\s+5\s+4\.33$/);
    expect(rankingLine(b)).toMatch(/^\s+–\s+500\s+3\s+–\s+–\s+3\.00 {2}\(incomplete\)$/);
  });
});
