import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lossAtFrom, lossSeriesFromLog } from '../../../src/checkpoints/loss.js';
import { LocalTarget } from '../../../src/remote/local-target.js';
import { tempDir } from '../../helpers/tmp.js';

/** ai-toolkit's training bar (reference §1.3): two redraws per step, separated only by `\r`. */
function barLog(name: string, total: number, loss: (k: number) => number): string {
  let out = `Running 1 job\n\n#############################################\n# Running job: ${name}\n#############################################\n\n\nRunning  1 process\n`;
  for (let k = 0; k < total; k++) {
    const l = loss(k).toExponential(3);
    const pct = String(Math.floor((k / total) * 100)).padStart(3);
    out += `\r${name}: ${pct}%|█         | ${k}/${total} [00:01<00:09, 10.00it/s, lr: 1.0e-04 loss: ${l}]`;
    out += `\r${name}: ${pct}%|█         | ${k + 1}/${total} [00:01<00:09, 10.00it/s, lr: 1.0e-04 loss: ${l}]`;
    if (k > 0 && k % 50 === 0) out += `\nSaving at step ${k}\nSaved checkpoint to output/${name}/${name}_${String(k).padStart(9, '0')}.safetensors\n`;
  }
  return out + '\n';
}

describe('loss around a checkpoint', () => {
  it('reads the run log and gives the smoothed loss near each step, null where the run has no data', async () => {
    const dir = await tempDir();
    const path = join(dir, 'run.log');
    await writeFile(path, barLog('maya_v1', 200, (k) => 0.5 - k * 0.002));
    const series = await lossSeriesFromLog(new LocalTarget(), path, 'maya_v1');
    expect(series?.count).toBe(200);
    const at = lossAtFrom(series!);
    const l50 = at(50)!;
    const l150 = at(150)!;
    expect(l50).toBeGreaterThan(l150);
    // The EMA trails a falling loss: above the raw value at that step, below the run's start.
    expect(l50).toBeGreaterThan(0.5 - 50 * 0.002);
    expect(l50).toBeLessThan(0.5);
    expect(at(5000)).toBeNull();
  });

  it('has no series for a missing or empty log', async () => {
    const dir = await tempDir();
    expect(await lossSeriesFromLog(new LocalTarget(), join(dir, 'nope.log'), 'maya_v1')).toBeNull();
    await writeFile(join(dir, 'empty.log'), 'Running 1 job\n');
    expect(await lossSeriesFromLog(new LocalTarget(), join(dir, 'empty.log'), 'maya_v1')).toBeNull();
  });
});
