import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalTarget } from '../../src/remote/local-target.js';
import type { TrainingEvent } from '../../src/training/events.js';
import { startMonitor } from '../../src/training/monitor.js';
import { monitorJsonLineSchema } from '../../src/training/monitor-json.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';
import { synthLog } from '../fixtures/logs/synth.js';

const env = { LORAPILOT_NOTIFY: 'off' };
const replay = (file: string, cwd: string, ...more: string[]) => runCli(['monitor', '--replay', file, '--no-follow', ...more], cwd, env);

describe('monitor --replay refuses what is not a text log, with a clear message', () => {
  it('says "not a regular file" for a FIFO, a device and a directory, without opening them', async () => {
    const dir = await tempDir('lorapilot-special-');
    const fifo = join(dir, 'log.txt');
    execFileSync('mkfifo', [fifo]);
    await mkdir(join(dir, 'folder'));
    // a FIFO opened for reading would block this test until its timeout
    for (const [path, kind] of [
      [fifo, 'a FIFO'],
      ['/dev/null', 'a device'],
      [join(dir, 'folder'), 'a directory'],
    ] as const) {
      const r = await replay(path, dir);
      expect(r.code, path).toBe(1);
      expect(r.err).toContain(`${path} is not a regular file (${kind})`);
    }
  });

  it('names a UTF-16 log (with or without its BOM) and a binary one, and exits 1 instead of reading "nothing"', async () => {
    const dir = await tempDir('lorapilot-enc-');
    const text = synthLog({ name: 'maya', steps: 5, startup: false });
    const le = Buffer.from(text, 'utf16le');
    await writeFile(join(dir, 'bom.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
    await writeFile(join(dir, 'nobom.txt'), le);
    await writeFile(join(dir, 'be.txt'), Buffer.from(le).swap16());
    await writeFile(join(dir, 'blob.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    for (const f of ['bom.txt', 'nobom.txt', 'be.txt']) {
      const r = await replay(join(dir, f), dir);
      expect(r.code, f).toBe(1);
      expect(r.err).toContain('is UTF-16 text, not the UTF-8 that ai-toolkit writes');
      expect(r.out).toBe('');
    }
    const r = await replay(join(dir, 'blob.bin'), dir, '--json');
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not a text log');
    // an empty log is still a log: nothing in it, no error
    await writeFile(join(dir, 'empty.txt'), '');
    expect((await replay(join(dir, 'empty.txt'), dir)).code).toBe(0);
  });
});

describe('a line without end', () => {
  it('is cut at 64 KiB and reported once; the bars around it are still read', async () => {
    const dir = await tempDir('lorapilot-giant-');
    const file = join(dir, 'log.txt');
    const bar = (n: number, loss: string) => `\rmaya:  ${n * 10}%|          | ${n}/10 [00:10<00:00,  1.00it/s, lr: 1.0e-04 loss: ${loss}]`;
    const junk = 'x'.repeat(3 * 1024 * 1024);
    await writeFile(file, bar(0, '5.000e-01') + '\n' + junk + '\n' + junk + bar(1, '4.000e-01') + '\n');
    const r = await replay(file, dir, '--json', '--lines');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => monitorJsonLineSchema.parse(JSON.parse(l)));
    const flags = lines.filter((l) => l.type === 'flag' && l.kind === 'log');
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ id: 'log-line-cut', message: 'a log line longer than 64 KiB was cut to its first 64 KiB' });
    expect(lines.filter((l) => l.type === 'loss').map((l) => (l.type === 'loss' ? l.step : -1))).toEqual([0, 1]);
    for (const l of lines) if (l.type === 'line') expect(l.text.length).toBeLessThanOrEqual(64 * 1024 + 2);
  });
});

describe('a followed log that is truncated or deleted', () => {
  const follow = async (file: string) => {
    const events: TrainingEvent[] = [];
    const h = startMonitor({ target: new LocalTarget(), log: file, from: 0, follow: true, intervals: { tail: 30 }, onEvent: (e) => events.push(e) });
    return { events, h };
  };

  it('is read again from its first byte after a truncation, and says so', async () => {
    const dir = await tempDir('lorapilot-trunc-');
    const file = join(dir, 'log.txt');
    const run = synthLog({ name: 'maya', steps: 20, secPerStep: 0.3, startup: false });
    await writeFile(file, run.slice(0, run.indexOf('| 10/20')));
    const abort = new AbortController();
    const events: TrainingEvent[] = [];
    const h = startMonitor({ target: new LocalTarget(), log: file, from: 0, follow: true, intervals: { tail: 30 }, signal: abort.signal, onEvent: (e) => events.push(e) });
    await waitFor(() => events.some((e) => e.type === 'loss' && e.step === 8));
    await truncate(file, 0);
    await waitFor(() => events.some((e) => e.type === 'log'));
    await appendFile(file, run);
    await waitFor(() => events.some((e) => e.type === 'finished'));
    await h.done;
    const log = events.filter((e) => e.type === 'log');
    expect(log).toEqual([{ type: 'log', issue: 'truncated', message: expect.stringContaining('the log was truncated') }]);
    expect(h.model.snapshot().flags.some((f) => f.id === 'log-truncated')).toBe(true);
    // the rewritten log is read whole: its last step and the final checkpoint
    expect(h.model.snapshot()).toMatchObject({ status: 'finished', count: 20 });
  });

  it('stops with a message when the log is deleted and there is no run to wait for', async () => {
    const dir = await tempDir('lorapilot-del-');
    const file = join(dir, 'log.txt');
    const run = synthLog({ name: 'maya', steps: 20, secPerStep: 0.3, startup: false });
    await writeFile(file, run.slice(0, run.indexOf('| 10/20')));
    const { events, h } = await follow(file);
    await waitFor(() => events.some((e) => e.type === 'loss' && e.step === 8));
    await rm(file);
    const snap = await h.done;
    expect(events.filter((e) => e.type === 'log').map((e) => (e.type === 'log' ? e.message : ''))).toEqual([expect.stringMatching(/^the log .*log\.txt was deleted after \d+ bytes: stopped following it$/)]);
    expect(snap.flags.find((f) => f.id === 'log-deleted')?.severity).toBe('error');
  });
});
