import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { launchRun } from '../../src/pod/job.js';
import { remoteLayout } from '../../src/project/pod-layout.js';
import { configForTarget } from '../../src/pod/remote-config.js';
import { syncDataset } from '../../src/pod/sync.js';
import { LocalTarget } from '../../src/remote/local-target.js';
import type { RedFlag } from '../../src/training/red-flags.js';
import { startMonitor } from '../../src/training/monitor.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { tempDir } from '../helpers/tmp.js';

describe('a live run whose log goes silent', () => {
  it('is flagged as stalled while the trainer is alive, with the GPU unknown where there is no nvidia-smi', async () => {
    const target = new LocalTarget();
    const work = await tempDir('lorapilot-stall-');
    const root = await tempDir('lorapilot-stall-root-');
    const p = await makePodProject(work, { steps: 3 });
    const layout = remoteLayout(root, 'maya');
    const cfg = configForTarget(await readFile(p.configPath, 'utf8'), { projectDir: p.dir, datasetDir: p.datasetDir, layout });
    await syncDataset({ target, datasetDir: p.datasetDir, root, project: 'maya', config: cfg.text });
    // slow steps: the trainer prints nothing for over a second at a time
    process.env.REHEARSAL_STEP_SECONDS = '1.5';
    const launched = await launchRun({ target, layout, aiToolkit: REHEARSAL_DIR, python: 'python3', config: layout.config, jobName: 'maya_v1' });
    delete process.env.REHEARSAL_STEP_SECONDS;
    const flags: RedFlag[] = [];
    const h = startMonitor({ target, log: launched.run.log, from: 0, follow: true, jobName: 'maya_v1', run: launched.run, stallMs: 700, intervals: { tail: 50, run: 200 }, onFlag: (f) => flags.push(f) });
    const snap = await h.done;
    expect(snap.status).toBe('finished');
    const stalls = flags.filter((f) => f.kind === 'stall');
    expect(stalls.length).toBeGreaterThan(0);
    expect(stalls[0].message).toMatch(/^no new output for \d+ s while the trainer is still running.*GPU load unknown \(no nvidia-smi on the target\)$/);
    // one flag per silence: never two for the same read position
    expect(new Set(stalls.map((f) => f.id)).size).toBe(stalls.length);
  }, 60_000);
});
