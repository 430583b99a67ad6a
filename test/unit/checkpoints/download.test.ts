import { createHash } from 'node:crypto';
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadCheckpoint, type DownloadProgress } from '../../../src/checkpoints/download.js';
import { LocalTarget } from '../../../src/remote/local-target.js';
import { tempDir } from '../../helpers/tmp.js';
import { checkpointBytes } from './fixture.js';

const target = new LocalTarget();

async function remoteCheckpoint(step = 500, bytes = 3_000_000) {
  const root = await tempDir();
  const path = join(root, `maya_v1_${String(step).padStart(9, '0')}.safetensors`);
  const data = checkpointBytes(step, 2, bytes);
  await writeFile(path, data);
  return { root, path, data, loras: join(root, 'loras') };
}

describe('checkpoint download', () => {
  it('downloads in chunks with progress, verifies, and leaves only the final file', async () => {
    const { path, data, loras } = await remoteCheckpoint();
    const progress: DownloadProgress[] = [];
    const r = await downloadCheckpoint({ target, remotePath: path, localDir: loras, chunkSize: 256 * 1024, onProgress: (p) => progress.push(p), expectStep: 500 });
    expect(r.status).toBe('downloaded');
    expect(sha(await readFile(join(loras, 'maya_v1_000000500.safetensors')))).toBe(sha(data));
    expect(await readdir(loras)).toEqual(['maya_v1_000000500.safetensors']);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toMatchObject({ bytes: data.length, total: data.length });
    expect(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1].bytes)).toBe(true);
  });

  it('resumes an interrupted download from the .part and ends with identical bytes', async () => {
    const { path, data, loras } = await remoteCheckpoint();
    const first = await downloadCheckpoint({ target, remotePath: path, localDir: loras, chunkSize: 300_000, stopAfterBytes: 1_000_000 });
    expect(first.status).toBe('failed');
    const part = await stat(join(loras, 'maya_v1_000000500.safetensors.part'));
    expect(part.size).toBe(1_000_000);
    const second = await downloadCheckpoint({ target, remotePath: path, localDir: loras, chunkSize: 300_000 });
    expect(second).toMatchObject({ status: 'downloaded', resumedFrom: 1_000_000 });
    expect(sha(await readFile(join(loras, 'maya_v1_000000500.safetensors')))).toBe(sha(data));
  });

  it('resumes after a cancel (AbortSignal) too', async () => {
    const { path, data, loras } = await remoteCheckpoint();
    const ctl = new AbortController();
    const r = await downloadCheckpoint({
      target,
      remotePath: path,
      localDir: loras,
      chunkSize: 128 * 1024,
      signal: ctl.signal,
      onProgress: (p) => p.bytes > 500_000 && ctl.abort(),
    });
    expect(r.status).toBe('cancelled');
    const again = await downloadCheckpoint({ target, remotePath: path, localDir: loras });
    expect(again.status).toBe('downloaded');
    if (again.status === 'downloaded') expect(again.resumedFrom).toBeGreaterThan(500_000);
    expect(sha(await readFile(join(loras, 'maya_v1_000000500.safetensors')))).toBe(sha(data));
  });

  it('starts over when the .part belongs to another file of the same name (a new run)', async () => {
    const { path, loras } = await remoteCheckpoint();
    await downloadCheckpoint({ target, remotePath: path, localDir: loras, chunkSize: 300_000, stopAfterBytes: 600_000 });
    const newer = checkpointBytes(500, 3, 3_000_000);
    await writeFile(path, newer);
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    const r = await downloadCheckpoint({ target, remotePath: path, localDir: loras });
    expect(r).toMatchObject({ status: 'downloaded', resumedFrom: 0 });
    expect(sha(await readFile(join(loras, 'maya_v1_000000500.safetensors')))).toBe(sha(newer));
  });

  it('skips a good local copy and never overwrites a different one silently', async () => {
    const { path, data, loras } = await remoteCheckpoint();
    expect((await downloadCheckpoint({ target, remotePath: path, localDir: loras })).status).toBe('downloaded');
    expect((await downloadCheckpoint({ target, remotePath: path, localDir: loras })).status).toBe('already');
    const mine = Buffer.from('my own edited lora');
    await writeFile(join(loras, 'maya_v1_000000500.safetensors'), mine);
    const r = await downloadCheckpoint({ target, remotePath: path, localDir: loras });
    expect(r.status).toBe('conflict');
    expect(sha(await readFile(join(loras, 'maya_v1_000000500.safetensors')))).toBe(sha(mine));
    const forced = await downloadCheckpoint({ target, remotePath: path, localDir: loras, replace: true });
    expect(forced.status).toBe('downloaded');
    expect(sha(await readFile(join(loras, 'maya_v1_000000500.safetensors')))).toBe(sha(data));
  });

  it('refuses to keep a corrupt remote file as a checkpoint', async () => {
    const { root, loras } = await remoteCheckpoint();
    const bad = join(root, 'maya_v1_000000750.safetensors');
    await writeFile(bad, checkpointBytes(750, 3).subarray(0, 2000));
    const r = await downloadCheckpoint({ target, remotePath: bad, localDir: loras });
    expect(r.status).toBe('failed');
    expect(await readdir(loras)).toEqual([]);
  });

  it('refuses a file whose header names another step than expected', async () => {
    const { path, loras } = await remoteCheckpoint(500);
    const r = await downloadCheckpoint({ target, remotePath: path, localDir: loras, expectStep: 750 });
    expect(r).toMatchObject({ status: 'failed' });
    if (r.status === 'failed') expect(r.message).toMatch(/step 500, expected 750/);
  });

  it('fails cleanly when the remote file is gone', async () => {
    const { root, loras } = await remoteCheckpoint();
    const r = await downloadCheckpoint({ target, remotePath: join(root, 'gone.safetensors'), localDir: loras });
    expect(r.status).toBe('failed');
  });
});

/** Compare big buffers by digest: deep equality on megabytes is slow and prints useless diffs. */
function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
