/**
 * Upload throughput over loopback against OpenSSH's own `sftp`, side by side in one run, on the same
 * 100-image dataset; then a re-upload of the unchanged dataset (must send 0 bytes in < 1 s).
 *   node --import tsx bench/upload.ts
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { SshTarget } from '../src/remote/ssh-target.js';
import { syncDataset } from '../src/remote/sync.js';
import { startSshd } from '../test/helpers/sshd.js';
import { runIfMain } from './_main.js';

const run = promisify(execFile);

async function dataset(dir: string, n = 100): Promise<number> {
  await mkdir(join(dir, '10_maya'), { recursive: true });
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const w = 768;
    const raw = Buffer.alloc(w * w * 3);
    let x = i * 2654435761;
    for (let j = 0; j < raw.length; j++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      raw[j] = ((j % (w * 3)) / 12 + (x >> 20)) & 0xff;
    }
    const jpg = await sharp(raw, { raw: { width: w, height: w, channels: 3 } }).jpeg({ quality: 88 }).toBuffer();
    await writeFile(join(dir, '10_maya', `maya_${String(i).padStart(3, '0')}.jpg`), jpg);
    await writeFile(join(dir, '10_maya', `maya_${String(i).padStart(3, '0')}.txt`), `maya, photo ${i}, natural light`);
    bytes += jpg.length + 30;
  }
  return bytes;
}

export async function main(): Promise<{ ours: number; openssh: number; ratio: number; reuploadMs: number; reuploadBytes: number }> {
  const work = await mkdtemp(join(tmpdir(), 'lorapilot-bench-upload-'));
  const sshd = await startSshd();
  try {
    const ds = join(work, 'dataset');
    const bytes = await dataset(ds);
    const mb = bytes / 1024 / 1024;
    console.log(`dataset: 100 images + 100 captions, ${mb.toFixed(1)} MiB`);

    // OpenSSH sftp, recursive put
    const batch = join(work, 'batch');
    await mkdir(join(work, 'remote-sftp'), { recursive: true });
    await writeFile(batch, `put -r ${ds} ${join(work, 'remote-sftp')}\n`);
    const sshArgs = ['-b', batch, '-i', sshd.clientKey, '-o', `UserKnownHostsFile=${join(sshd.sshDir, 'known_hosts')}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-P', String(sshd.port), `${sshd.user}@127.0.0.1`];
    const results: Array<{ ours: number; openssh: number; transfer: number }> = [];
    for (let round = 0; round < 3; round++) {
      await rm(join(work, 'remote-sftp'), { recursive: true, force: true });
      await mkdir(join(work, 'remote-sftp'), { recursive: true });
      let t = performance.now();
      await run('sftp', sshArgs);
      const openssh = (performance.now() - t) / 1000;

      await rm(join(work, 'remote-ours'), { recursive: true, force: true });
      const target = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
      t = performance.now();
      await target.connect(); // sftp above also pays for its connection
      const r = await syncDataset({ target, datasetDir: ds, root: join(work, 'remote-ours'), project: 'maya' });
      const ours = (performance.now() - t) / 1000;
      await target.close();
      if (r.bytesSent < bytes - 1000) throw new Error('did not send everything');
      results.push({ ours: mb / ours, openssh: mb / openssh, transfer: mb / r.transferSeconds });
      console.log(`round ${round + 1}: OpenSSH sftp ${(mb / openssh).toFixed(1)} MiB/s (${openssh.toFixed(2)} s) · lorapilot ${(mb / ours).toFixed(1)} MiB/s end to end (${ours.toFixed(2)} s: connect, scan, send, remote SHA-256 verify, rename, manifest) · sending phase ${(mb / r.transferSeconds).toFixed(1)} MiB/s (${r.transferSeconds.toFixed(2)} s)`);
    }
    const best = (k: 'ours' | 'openssh' | 'transfer') => Math.max(...results.map((r) => r[k]));
    const ours = best('ours');
    const openssh = best('openssh');
    const ratio = ours / openssh;
    console.log(`best of 3: lorapilot ${ours.toFixed(1)} MiB/s end to end vs OpenSSH sftp ${openssh.toFixed(1)} MiB/s → ${(ratio * 100).toFixed(0)} % (bar: ≥ 80 %); sending phase alone ${best('transfer').toFixed(1)} MiB/s → ${((best('transfer') / openssh) * 100).toFixed(0)} %`);

    const target = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
    await target.connect();
    const t = performance.now();
    const again = await syncDataset({ target, datasetDir: ds, root: join(work, 'remote-ours'), project: 'maya' });
    const reuploadMs = performance.now() - t;
    await target.close();
    console.log(`re-upload unchanged: ${again.bytesSent} bytes sent, ${again.skipped} files skipped, ${reuploadMs.toFixed(0)} ms (bar: 0 bytes, < 1000 ms)`);
    return { ours, openssh, ratio, reuploadMs, reuploadBytes: again.bytesSent };
  } finally {
    await sshd.stop();
    await rm(work, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
