import { describe, expect, it } from 'vitest';
import { Header } from '../../screens/monitor/header.js';
import { parseProject } from '../../src/project/index.js';
import { RunModel } from '../../src/training/run-model.js';
import { renderScreen } from '../helpers/render.js';

function project(since: string) {
  const r = parseProject(`name: maya\ntrigger: maya\nprogress: {}\nrunpod:\n  podId: abc123\n  costPerHr: 0.86\n  since: ${since}\n`);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.project;
}

describe('Monitor header: what the pod costs', () => {
  it('shows the cost so far and the total at the ETA for a live run on the project\'s pod, and nothing for a replay', async () => {
    const model = new RunModel({ jobName: 'maya_v1', total: 3000 });
    model.apply({ type: 'progress', count: 1500, total: 3000, loss: 0.3, lossStep: 1499, lr: 1e-4, rate: 1, elapsed: 1500, eta: 3600 });
    const snap = model.snapshot();
    const since = new Date(Date.now() - 2 * 3600_000).toISOString();
    const live = renderScreen(<Header snap={snap} session={{ where: 'root@1.2.3.4:22', source: 'job' }} width={140} rehearsal={false} model={null} />, { dir: '/tmp', project: project(since), width: 140 });
    await live.waitForText('so far');
    expect(live.lastFrame()).toMatch(/\$1\.7\d so far · ~\$2\.5\d at the ETA/);
    live.unmount();
    const replay = renderScreen(<Header snap={snap} session={{ where: 'run.log', source: 'replay' }} width={140} rehearsal={false} model={null} />, { dir: '/tmp', project: project(since), width: 140 });
    await replay.waitForText('step 1500');
    expect(replay.lastFrame()).not.toContain('so far');
    replay.unmount();
  });
});
