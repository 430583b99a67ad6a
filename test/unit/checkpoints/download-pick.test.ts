import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexCheckpoints } from '../../../src/checkpoints/checkpoint-index.js';
import { checkpointsToDownload } from '../../../src/checkpoints/download-pick.js';
import { DownloadQueue, type QueueState } from '../../../src/checkpoints/download-queue.js';
import { downloadedText, notDownloadedText, progressText } from '../../../src/checkpoints/download-text.js';
import { LocalTarget } from '../../../src/remote/local-target.js';
import { tempDir } from '../../helpers/tmp.js';
import { makeJobOutput } from './fixture.js';

const target = new LocalTarget();

/** A run with one checkpoint already downloaded and one only in loras/ (removed from the run folder). */
async function run() {
  const root = await tempDir();
  const job = await makeJobOutput(root, { steps: [250, 500, 750], finalStep: 1000, prompts: 1, tensorBytes: 300_000 });
  const loras = join(root, 'loras');
  await mkdir(loras);
  await copyFile(join(job.folder, 'maya_v1_000000500.safetensors'), join(loras, 'maya_v1_000000500.safetensors'));
  await copyFile(join(job.folder, 'maya_v1_000000250.safetensors'), join(loras, 'maya_v1_000000250.safetensors'));
  await rm(join(job.folder, 'maya_v1_000000250.safetensors'));
  const index = await indexCheckpoints({ target, folder: job.folder, jobName: job.name, localDir: loras });
  return { index, loras };
}

describe('which checkpoints a download takes', () => {
  it('takes every marked checkpoint, including those already in loras/, and downloads only what is missing', async () => {
    const { index, loras } = await run();
    expect(index.checkpoints.map((c) => [c.step, c.where])).toEqual([
      [250, 'local'],
      [500, 'both'],
      [750, 'pod'],
      [1000, 'pod'],
    ]);
    const pick = checkpointsToDownload(index, [250, 500, 1000]);
    expect(pick.ok && pick.entries.map((e) => e.step)).toEqual([250, 500, 1000]);
    if (!pick.ok) return;
    const queue = new DownloadQueue();
    const states: QueueState[] = [];
    queue.subscribe((s) => states.push(s));
    const results = await queue.start(target, pick.entries, loras, { chunkSize: 64 * 1024 });
    expect(results.map((r) => [r.file, r.status])).toEqual([
      ['maya_v1_000000250.safetensors', 'already'],
      ['maya_v1_000000500.safetensors', 'already'],
      ['maya_v1.safetensors', 'downloaded'],
    ]);
    expect((await readdir(loras)).sort()).toEqual(['maya_v1.safetensors', 'maya_v1_000000250.safetensors', 'maya_v1_000000500.safetensors']);
    expect(downloadedText(results)).toBe('downloaded 1 checkpoint into loras/, 2 already there (verified)');
    // Progress names the file and its place in the batch while it runs.
    const during = states.find((s) => s.running && s.items[s.current]?.status === 'running' && s.current === 2);
    expect(during && progressText(during)).toMatch(/^3\/3 maya_v1\.safetensors {2}\d+% {2}[\d.]+ K?B \/ [\d.]+ KB {2}(.+\/s|…) {2}ETA (\d+:\d\d|--:--)$/);
    expect(states.at(-1)?.running).toBe(false);
  });

  it('takes the named steps instead, and says which do not exist', async () => {
    const { index } = await run();
    const named = checkpointsToDownload(index, [250], ['final', 750]);
    expect(named.ok && named.entries.map((e) => e.file)).toEqual(['maya_v1.safetensors', 'maya_v1_000000750.safetensors']);
    expect(checkpointsToDownload(index, [], [300])).toEqual({ ok: false, reason: 'missing', message: 'no checkpoint at 300; available: 250, 500, 750, final (1000)' });
    expect(checkpointsToDownload(index, [])).toMatchObject({ ok: false, reason: 'nothing-marked' });
    expect(notDownloadedText([{ status: 'cancelled', file: 'a', partialBytes: 1 }, { status: 'already', file: 'b', path: 'b', bytes: 1 }])).toBe('1 of 2 not downloaded');
  });
});
