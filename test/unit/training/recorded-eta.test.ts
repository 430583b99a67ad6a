import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/project/index.js';
import { remainingEta } from '../../../src/training/recorded-eta.js';
import { RunModel } from '../../../src/training/run-model.js';
import { monitorSnapshotPlace, saveSnapshot } from '../../../src/training/snapshot.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const job = { host: 'root@1.2.3.4:22', folder: '/w/runs/20261201-120000', name: 'maya_v1', log: '/w/runs/20261201-120000/run.log' };

/** A project whose RunPod pod (2 $/h) has run for an hour, and whose monitor last saw the run 10 minutes ago with `eta` to go. */
async function projectSeenBy(status: 'running' | 'finished', eta: number): Promise<string> {
  const dir = await tempDir('lorapilot-eta-');
  const since = new Date(Date.now() - 3_600_000).toISOString();
  await writeFile(
    join(dir, 'lorapilot.yaml'),
    `name: maya\ntrigger: maya\nprogress: {}\njob:\n  host: ${job.host}\n  folder: ${job.folder}\n  name: ${job.name}\n  config: /w/config.yaml\n  log: ${job.log}\nrunpod:\n  podId: pod1\n  costPerHr: 2\n  since: ${since}\n`,
  );
  const r = await loadProject(dir);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const model = new RunModel({ jobName: job.name });
  model.apply({ type: 'progress', count: 600, total: 1200, loss: null, lossStep: null, lr: null, rate: 0.2, elapsed: 3000, eta });
  if (status === 'finished') model.apply({ type: 'finished', exitCode: 0, source: 'exit-code' });
  const place = monitorSnapshotPlace(dir, job);
  await saveSnapshot(place.file, { v: 1, key: place.key, offset: 100, parser: {} as never, model: model.toJSON() });
  const seen = new Date(Date.now() - 600_000);
  await utimes(place.file, seen, seen);
  return dir;
}

describe('status projects the pod total at the run ETA the monitor recorded', () => {
  it('counts the recorded ETA down by the time since the monitor saw it', async () => {
    const dir = await projectSeenBy('running', 3600);
    const r = await runCli(['status'], dir);
    expect(r.code).toBe(0);
    // $2.00 so far, and 3000 s still to go at 2 $/h: $1.67 more
    expect(r.out).toContain('pod cost $2.00 so far · ~$3.67 at the ETA');
  });

  it('projects nothing for a run that has ended, or one no monitor has seen', async () => {
    const dir = await projectSeenBy('finished', 3600);
    const r = await runCli(['status'], dir);
    expect(r.out).toMatch(/pod cost \$2\.00 so far\n/);
    const unseen = await tempDir('lorapilot-eta-');
    await writeFile(join(unseen, 'lorapilot.yaml'), `name: maya\ntrigger: maya\nprogress: {}\nrunpod:\n  podId: pod1\n  costPerHr: 2\n  since: ${new Date().toISOString()}\n`);
    expect((await runCli(['status'], unseen)).out).not.toContain('at the ETA');
  });

  it('never counts an overdue ETA below zero', () => {
    const at = new Date('2026-12-01T12:00:00Z');
    expect(remainingEta(600, at, new Date('2026-12-01T12:04:00Z'))).toBe(360);
    expect(remainingEta(600, at, new Date('2026-12-01T13:00:00Z'))).toBe(0);
    expect(remainingEta(null, at, at)).toBeNull();
  });
});
