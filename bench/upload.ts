/**
 * Upload throughput against OpenSSH's own `sftp`, side by side in one run, on the same 100-image dataset:
 * over loopback (the bar: ≥ 80 %), then through a relay adding 40 ms of round trip (a pod across the
 * internet, where several streams pay off); then a re-upload of the unchanged dataset (0 bytes, < 1 s).
 *   node --import tsx bench/upload.ts
 */
import { execFile } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { SshTarget } from '../src/remote/ssh-target.js';
import { syncDataset } from '../src/pod/sync.js';
import { startSshd, type TestSshd } from '../test/helpers/sshd.js';
import { startDelayProxy } from '../test/helpers/delay-proxy.js';
import { runIfMain } from './_main.js';

const run = promisify(execFile);
const RTT_MS = 40;

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

interface Round {
  ours: number;
  openssh: number;
  transfer: number;
}

/** OpenSSH `sftp` and lorapilot side by side, `rounds` times, on the same dataset and the same port. */
async function sideBySide(o: { work: string; ds: string; mb: number; bytes: number; sshd: TestSshd; port: number; rounds: number; label: string }): Promise<{ ours: number; openssh: number; transfer: number; streams: string }> {
  const { work, ds, mb, sshd } = o;
  const batch = join(work, 'batch');
  await writeFile(batch, `put -r ${ds} ${join(work, 'remote-sftp')}\n`);
  const sshArgs = ['-b', batch, '-i', sshd.clientKey, '-o', `UserKnownHostsFile=${join(sshd.sshDir, 'known_hosts')}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-P', String(o.port), `${sshd.user}@127.0.0.1`];
  const results: Round[] = [];
  let streams = '';
  for (let round = 0; round < o.rounds; round++) {
    await rm(join(work, 'remote-sftp'), { recursive: true, force: true });
    await mkdir(join(work, 'remote-sftp'), { recursive: true });
    let t = performance.now();
    await run('sftp', sshArgs);
    const openssh = (performance.now() - t) / 1000;

    await rm(join(work, 'remote-ours'), { recursive: true, force: true });
    const target = new SshTarget({ spec: `${sshd.user}@127.0.0.1:${o.port}`, sshDir: sshd.sshDir, env: {} });
    t = performance.now();
    await target.connect(); // sftp above also pays for its connection
    const r = await syncDataset({ target, datasetDir: ds, root: join(work, 'remote-ours'), project: 'maya' });
    const ours = (performance.now() - t) / 1000;
    const plan = await target.transferPlan();
    streams = `${plan.channels} SFTP channel${plan.channels > 1 ? 's' : ''}, ${plan.parallel} files at once (measured RTT ${plan.rttMs.toFixed(1)} ms)`;
    await target.close();
    if (r.bytesSent < o.bytes - 1000) throw new Error('did not send everything');
    results.push({ ours: mb / ours, openssh: mb / openssh, transfer: mb / r.transferSeconds });
    console.log(`${o.label} round ${round + 1}: OpenSSH sftp ${(mb / openssh).toFixed(1)} MiB/s (${openssh.toFixed(2)} s) · lorapilot ${(mb / ours).toFixed(1)} MiB/s end to end (${ours.toFixed(2)} s: connect, scan, send, remote SHA-256 verify, rename, manifest) · sending phase ${(mb / r.transferSeconds).toFixed(1)} MiB/s (${r.transferSeconds.toFixed(2)} s)`);
  }
  const best = (k: keyof Round) => Math.max(...results.map((r) => r[k]));
  return { ours: best('ours'), openssh: best('openssh'), transfer: best('transfer'), streams };
}

export async function main(): Promise<{ ours: number; openssh: number; ratio: number; delayedRatio: number; reuploadMs: number; reuploadBytes: number }> {
  const work = await mkdtemp(join(tmpdir(), 'lorapilot-bench-upload-'));
  const sshd = await startSshd();
  const proxy = await startDelayProxy(sshd.port, RTT_MS);
  try {
    const ds = join(work, 'dataset');
    const bytes = await dataset(ds);
    const mb = bytes / 1024 / 1024;
    console.log(`dataset: 100 images + 100 captions, ${mb.toFixed(1)} MiB`);

    const local = await sideBySide({ work, ds, mb, bytes, sshd, port: sshd.port, rounds: 5, label: 'loopback' });
    const ratio = local.ours / local.openssh;
    console.log(`loopback, best of 5: lorapilot ${local.ours.toFixed(1)} MiB/s end to end vs OpenSSH sftp ${local.openssh.toFixed(1)} MiB/s → ${(ratio * 100).toFixed(0)} % (bar: ≥ 80 %); sending phase alone ${local.transfer.toFixed(1)} MiB/s; ${local.streams}`);

    // The same upload through a relay that adds RTT_MS of round trip, as a pod across the internet would.
    await appendFile(join(sshd.sshDir, 'known_hosts'), sshd.knownHostsLine.replace(`]:${sshd.port} `, `]:${proxy.port} `) + '\n');
    const far = await sideBySide({ work, ds, mb, bytes, sshd, port: proxy.port, rounds: 1, label: `${RTT_MS} ms RTT` });
    const delayedRatio = far.ours / far.openssh;
    console.log(`${RTT_MS} ms RTT: lorapilot ${far.ours.toFixed(1)} MiB/s end to end vs OpenSSH sftp ${far.openssh.toFixed(1)} MiB/s → ${(delayedRatio * 100).toFixed(0)} %; ${far.streams}`);

    const target = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {} });
    await target.connect();
    const t = performance.now();
    const again = await syncDataset({ target, datasetDir: ds, root: join(work, 'remote-ours'), project: 'maya' });
    const reuploadMs = performance.now() - t;
    await target.close();
    console.log(`re-upload unchanged: ${again.bytesSent} bytes sent, ${again.skipped} files skipped, ${reuploadMs.toFixed(0)} ms (bar: 0 bytes, < 1000 ms)`);
    return { ours: local.ours, openssh: local.openssh, ratio, delayedRatio, reuploadMs, reuploadBytes: again.bytesSent };
  } finally {
    await proxy.close();
    await sshd.stop();
    await rm(work, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
