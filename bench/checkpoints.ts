/**
 * Checkpoint download throughput over loopback (LocalTarget, and SshTarget against a real sshd), with
 * OpenSSH's scp on the same file as the reference, and the time to index a folder of checkpoints
 * (listing + one header read per file) over SSH.
 *
 *   node --import tsx bench/checkpoints.ts [MB]
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { indexCheckpoints } from '../src/checkpoints/checkpoint-index.js';
import { downloadCheckpoint } from '../src/checkpoints/download.js';
import { LocalTarget } from '../src/remote/local-target.js';
import { SshTarget } from '../src/remote/ssh-target.js';
import type { Target } from '../src/remote/target.js';
import { SSHD_PATH, startSshd } from '../test/helpers/sshd.js';
import { checkpointBytes } from '../test/unit/checkpoints/fixture.js';
import { runIfMain } from './_main.js';

const run = promisify(execFile);
const MB = 1024 * 1024;

async function timeDownload(target: Target, remotePath: string, into: string, opts: { chunkSize?: number; parallel?: number }): Promise<{ seconds: number; bytes: number }> {
  await rm(into, { recursive: true, force: true });
  const t0 = process.hrtime.bigint();
  const r = await downloadCheckpoint({ target, remotePath, localDir: into, ...opts });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 'downloaded') throw new Error(`download ${r.status}: ${'message' in r ? r.message : ''}`);
  return { seconds, bytes: r.bytes };
}

function rate(bytes: number, seconds: number): string {
  return `${(bytes / MB / seconds).toFixed(1)} MB/s`;
}

export async function main(args: string[] = process.argv.slice(2)): Promise<void> {
  const sizeMb = Number(args[0] ?? 256);
  const work = await mkdtemp(join(tmpdir(), 'lorapilot-bench-cp-'));
  try {
    const src = join(work, 'pod', 'maya_v1_000001500.safetensors');
    await mkdir(join(work, 'pod'), { recursive: true });
    const bytes = checkpointBytes(1500, 5, sizeMb * MB);
    await writeFile(src, bytes);
    const digest = createHash('sha256').update(bytes).digest('hex');
    console.log(`checkpoint download, ${sizeMb} MB file (${bytes.length} bytes), loopback`);

    const local = new LocalTarget();
    const l = await timeDownload(local, src, join(work, 'loras-local'), {});
    console.log(`  LocalTarget                 ${l.seconds.toFixed(2)} s  ${rate(l.bytes, l.seconds)}`);

    if (!SSHD_PATH) {
      console.log('  (sshd not installed: SSH figures skipped)');
      return;
    }
    const sshd = await startSshd();
    try {
      const ssh = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
      await ssh.connect();
      for (const [chunk, parallel] of [
        [1, 1],
        [1, 4],
        [1, 8],
        [2, 8],
      ] as const) {
        const r = await timeDownload(ssh, src, join(work, 'loras-ssh'), { chunkSize: chunk * MB, parallel });
        const same = createHash('sha256').update(await readFile(join(work, 'loras-ssh', 'maya_v1_000001500.safetensors'))).digest('hex') === digest;
        console.log(`  SshTarget chunk ${chunk} MB × ${parallel} in flight  ${r.seconds.toFixed(2)} s  ${rate(r.bytes, r.seconds)}${same ? '' : '  (BYTES DIFFER)'}`);
      }

      // Reference: OpenSSH scp of the same file over the same sshd.
      const dest = join(work, 'scp.bin');
      const t0 = process.hrtime.bigint();
      await run('scp', ['-q', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${join(sshd.sshDir, 'known_hosts')}`, '-i', sshd.clientKey, '-P', String(sshd.port), `${sshd.user}@127.0.0.1:${src}`, dest]);
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      console.log(`  OpenSSH scp (reference)     ${s.toFixed(2)} s  ${rate(bytes.length, s)}`);

      // Indexing: 60 checkpoints + 5 samples each, headers read over SSH.
      const folder = join(work, 'pod', 'output', 'maya_v1');
      await mkdir(join(folder, 'samples'), { recursive: true });
      for (let i = 1; i <= 60; i++) {
        await writeFile(join(folder, `maya_v1_${String(i * 50).padStart(9, '0')}.safetensors`), checkpointBytes(i * 50, i, 64 * 1024));
        for (let p = 0; p < 5; p++) await writeFile(join(folder, 'samples', `${1_724_000_000_000 + i * 10 + p}__${String(i * 50).padStart(9, '0')}_${p}.jpg`), 'x');
      }
      const t1 = process.hrtime.bigint();
      const idx = await indexCheckpoints({ target: ssh, folder, jobName: 'maya_v1' });
      const it = Number(process.hrtime.bigint() - t1) / 1e6;
      console.log(`index of ${idx.checkpoints.length} checkpoints (${idx.sampleSteps.length * 5} samples, every header read) over SSH: ${it.toFixed(0)} ms`);
      await ssh.close();
    } finally {
      await sshd.stop();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
