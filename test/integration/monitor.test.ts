import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchRun } from '../../src/pod/job.js';
import { remoteLayout } from '../../src/project/pod-layout.js';
import { configForTarget } from '../../src/pod/remote-config.js';
import { SshTarget } from '../../src/remote/ssh-target.js';
import { syncDataset } from '../../src/pod/sync.js';
import type { TrainingEvent } from '../../src/training/events.js';
import { readLossLog, reconcile } from '../../src/training/loss-db.js';
import { startMonitor } from '../../src/training/monitor.js';
import type { ConnectionInfo } from '../../src/training/run-model.js';
import { attachChunkSchema, attachEndSchema } from '../../src/training/attach.js';
import { monitorJsonLineSchema } from '../../src/training/monitor-json.js';
import { runCli } from '../helpers/cli.js';
import { makePodProject, REHEARSAL_DIR } from '../helpers/pod-project.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

let sshd: TestSshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  // stop() can race a per-connection sshd that exits on its own (ESRCH); the server is gone either way
  await sshd?.stop().catch(() => {});
});

describe('monitor over SSH against the rehearsal trainer', () => {
  it('follows a run through a dropped connection: every step once, losses match loss_log.db, samples fetched, exit code read', async () => {
    const target = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {}, reconnect: { delaysMs: [200, 400, 800, 1600] } });
    await target.connect();
    const work = await tempDir('lorapilot-mon-');
    const root = await tempDir('lorapilot-mon-root-');
    const p = await makePodProject(work, { steps: 30, saveEvery: 10 });
    const layout = remoteLayout(root, 'maya');
    const cfg = configForTarget(await readFile(p.configPath, 'utf8'), { projectDir: p.dir, datasetDir: p.datasetDir, layout });
    await syncDataset({ target, datasetDir: p.datasetDir, root, project: 'maya', config: cfg.text });
    const launched = await launchRun({ target, layout, aiToolkit: REHEARSAL_DIR, python: 'python3', config: layout.config, jobName: 'maya_v1' });

    const events: TrainingEvent[] = [];
    const states: ConnectionInfo['state'][] = [];
    const cache = join(work, '.lorapilot', 'cache', 'samples', 'maya_v1');
    const h = startMonitor({
      target,
      log: launched.run.log,
      from: 0,
      follow: true,
      jobName: 'maya_v1',
      output: launched.output,
      run: launched.run,
      sampleCache: cache,
      gpu: true,
      disk: root,
      intervals: { tail: 100, run: 500, samples: 500, lossDb: 1000 },
      onEvent: (e) => events.push(e),
    });
    h.model.subscribe(() => {
      const s = h.model.snapshot().connection.state;
      if (states[states.length - 1] !== s) states.push(s);
    });
    // Drop the connection while the run trains; the monitor must carry on from its offset.
    await waitFor(() => events.some((e) => e.type === 'loss' && e.step >= 5), { timeout: 30_000 });
    expect(await sshd.killConnections()).toBeGreaterThan(0);
    const snap = await h.done;

    expect(states).toContain('reconnecting');
    expect(snap.status).toBe('finished');
    expect(events.at(-1)).toEqual({ type: 'finished', exitCode: 0, source: 'exit-code' });
    const steps = events.filter((e) => e.type === 'loss').map((e) => (e as { step: number }).step);
    expect(new Set(steps).size).toBe(steps.length); // never doubled, even across the reconnection
    expect(h.model.series.count).toBe(steps.length);
    expect(snap.checkpoints.map((c) => c.step)).toEqual([10, 20, 30]);
    expect(snap.offset).toBe((await readFile(launched.run.log)).length);
    // the stream's attribution agrees with ai-toolkit's own per-step record
    const db = await readLossLog(target, join(launched.output, 'loss_log.db'));
    expect(db).not.toBeNull();
    expect(db!.keys).toContain('loss/loss');
    const rec = reconcile(h.model.series, db!.rows);
    expect(rec.mismatches).toEqual([]);
    expect(rec.replaced).toBeGreaterThan(20);
    // samples reached the local cache
    await waitFor(() => h.model.snapshot().samples.length > 0 || null, { timeout: 5000 }).catch(() => null);
    const samples = snap.samples.length > 0 ? snap.samples : h.model.snapshot().samples;
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) expect(s.local && existsSync(s.local)).toBe(true);
    // the test pod has no GPU: the VRAM probe gives up instead of failing the monitor
    expect(snap.gpu).toBeNull();
    expect(snap.disk?.totalBytes).toBeGreaterThan(0);
    await target.close();
  }, 90_000);
});

describe('losses of a finished run for the checkpoints table', () => {
  it('come exactly from loss_log.db and agree with the console to its 4 digits', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { writeFile, mkdir } = await import('node:fs/promises');
    const { loadLossSeries } = await import('../../src/training/loss-source.js');
    const { LocalTarget } = await import('../../src/remote/local-target.js');
    const work = await tempDir('lorapilot-lossdb-');
    const p = await makePodProject(work, { steps: 30, saveEvery: 10 });
    const cfg = (await readFile(p.configPath, 'utf8')).replace('training_folder: output', `training_folder: ${join(work, 'output')}`).replace('folder_path: dataset/10_maya', `folder_path: ${join(p.datasetDir, '10_maya')}`);
    await mkdir(join(work, 'run'), { recursive: true });
    await writeFile(join(work, 'run', 'config.yaml'), cfg);
    const r = await promisify(execFile)('python3', [join(REHEARSAL_DIR, 'run.py'), join(work, 'run', 'config.yaml')], { cwd: work, env: { ...process.env, REHEARSAL_STEP_SECONDS: '0.005', PYTHONUNBUFFERED: '1' }, maxBuffer: 1 << 24 });
    await writeFile(join(work, 'run.log'), r.stdout + r.stderr);
    const t = new LocalTarget();
    const exact = await loadLossSeries(t, { output: join(work, 'output', 'maya_v1'), log: join(work, 'run.log') });
    expect(exact.source).toBe('loss_log.db');
    const printed = await loadLossSeries(t, { output: null, log: join(work, 'run.log') });
    expect(printed.source).toBe('log');
    for (const pt of exact.series.points()) {
      const shown = printed.series.valueAt(pt.step);
      expect(shown).not.toBeNull();
      expect(Math.abs(shown! - pt.loss)).toBeLessThanOrEqual(Math.abs(pt.loss) * 5.01e-4);
    }
  }, 60_000);
});

const FIX = join(import.meta.dirname, '../fixtures/logs');

describe('lorapilot monitor without a screen', () => {
  it('--json prints lines of exactly the published schema: events, red flags, the verdict', async () => {
    const cwd = await tempDir('lorapilot-monjson-');
    for (const fixture of ['crash.txt', 'oom-nan.txt', 'qwen-run.txt', 'resume.txt']) {
      const r = await runCli(['monitor', '--replay', join(FIX, fixture), '--no-follow', '--json', '--lines'], cwd, { LORAPILOT_NOTIFY: 'off' });
      const lines = r.out.trim().split('\n').map((l) => monitorJsonLineSchema.parse(JSON.parse(l)));
      expect(lines.some((l) => l.type === 'line')).toBe(true);
      // the verdict is the last event (a failed run's red flag follows it)
      expect(lines.filter((l) => l.type !== 'flag').at(-1)?.type).toBe('finished');
      if (fixture !== 'qwen-run.txt') expect(lines.some((l) => l.type === 'flag')).toBe(true);
    }
    // a key too many or too few is a different format
    expect(monitorJsonLineSchema.safeParse({ type: 'stopped', at: 3 }).success).toBe(false);
    expect(monitorJsonLineSchema.safeParse({ type: 'finished', exitCode: 0 }).success).toBe(false);
  });

  it('piped, prints paced progress lines in the same words as the screen header', async () => {
    const cwd = await tempDir('lorapilot-monplain-');
    const r = await runCli(['monitor', '--replay', join(FIX, 'qwen-run.txt'), '--no-follow', '--epoch-steps', '20'], cwd, { LORAPILOT_NOTIFY: 'off' });
    const progress = r.out.split('\n').filter((l) => l.startsWith('step '));
    // one line per 5 % of the run at most, and the last step always
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.length).toBeLessThanOrEqual(21);
    expect(progress.at(-1)).toMatch(/^step 60\/60 \(100%\) · epoch 3\.0 of 3 · loss [\d.]+ \(smoothed [\d.]+\) · .* · elapsed \d\d:\d\d · ETA \d\d:\d\d$/);
    expect(r.out).toContain('✔ training finished (exit code 0)');
  });
});

describe('attach and monitor on a launched run', () => {
  it('attach --json streams chunks and an end of the published schema, and leaves the offset at the end of the log', async () => {
    const { writeFile, stat } = await import('node:fs/promises');
    const { parse } = await import('yaml');
    const { loadProject } = await import('../../src/project/index.js');
    const { trainProject } = await import('../../src/pod/pod-service.js');
    const { LocalTarget } = await import('../../src/remote/local-target.js');
    const dir = await tempDir('lorapilot-attach-');
    await makePodProject(dir, { steps: 30, saveEvery: 10 });
    const y = await readFile(join(dir, 'lorapilot.yaml'), 'utf8');
    await writeFile(join(dir, 'lorapilot.yaml'), `${y}demo: true\npod:\n  target: local\n  root: ${dir}/pod\n  aiToolkit: ${REHEARSAL_DIR}\n`);
    const before = await loadProject(dir);
    if (!before.ok) throw new Error('project');
    await trainProject({ dir, project: before.project, target: new LocalTarget(), env: { ...process.env, REHEARSAL_STEP_SECONDS: '0.01' }, force: true });

    const a = await runCli(['attach', '--json'], dir);
    expect(a.code).toBe(0);
    const text = a.out.trim();
    const endAt = text.lastIndexOf('\n{\n');
    const chunks = text.slice(0, endAt).split('\n').map((l) => attachChunkSchema.parse(JSON.parse(l)));
    const end = attachEndSchema.parse(JSON.parse(text.slice(endAt + 1)));
    expect(end).toMatchObject({ state: 'exited', exitCode: 0 });
    expect(chunks.at(-1)?.offset).toBe(end.offset);
    type P = { job: { offset: number; log: string }; progress: { monitor?: { status: string } } };
    const afterAttach = parse(await readFile(join(dir, 'lorapilot.yaml'), 'utf8')) as P;
    expect(afterAttach.job.offset).toBe((await stat(afterAttach.job.log)).size);
    expect(end.offset).toBe(afterAttach.job.offset);

    const m = await runCli(['monitor', '--json', '--from-start'], dir, { LORAPILOT_NOTIFY: 'off' });
    const lines = m.out.trim().split('\n').map((l) => monitorJsonLineSchema.parse(JSON.parse(l)));
    expect(lines.at(-1)).toEqual({ type: 'finished', exitCode: 0, source: 'exit-code' });
    const afterMonitor = parse(await readFile(join(dir, 'lorapilot.yaml'), 'utf8')) as P;
    expect(afterMonitor.progress.monitor?.status).toBe('done');
    expect(afterMonitor.job.offset).toBe(afterAttach.job.offset);
  }, 60_000);
});
