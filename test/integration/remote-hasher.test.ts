import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTarget } from '../../src/remote/local-target.js';
import { RemoteHasher } from '../../src/remote/remote-hasher.js';
import { SshTarget } from '../../src/remote/ssh-target.js';
import type { Target } from '../../src/remote/target.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

let sshd: TestSshd;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

const NAMES = ['plain.jpg', 'with space.jpg', "quote's \"q\".jpg", '$(touch INJECTED).jpg', 'new\nline.jpg', 'Zoë 日本語.jpg', '-rf.jpg', 'sub dir/deep.txt'];

/** Files with random contents; returns their SHA-256 by relative name. */
async function files(dir: string, names: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const n of names) {
    const data = randomBytes(1000 + out.size * 7919);
    await mkdir(join(dir, n, '..'), { recursive: true });
    await writeFile(join(dir, n), data);
    out.set(n, createHash('sha256').update(data).digest('hex'));
  }
  return out;
}

const kinds: Array<[string, () => Target]> = [
  ['ssh', () => new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {}, reconnect: { delaysMs: [150, 300, 600] } })],
  ['local', () => new LocalTarget()],
];

describe.each(kinds)('RemoteHasher over %s', (_kind, make) => {
  it('answers while files are still being added, for hostile names, and reports a missing file as unhashable', async () => {
    const dir = await tempDir('lorapilot hasher $(x) ');
    const want = await files(dir, NAMES);
    const t = make();
    const got = new Map<string, string | null>();
    const h = new RemoteHasher(t, dir, (rel, sha) => got.set(rel, sha));
    // One finished file is verified at once, not when a batch fills up.
    h.add(NAMES[0]);
    await waitFor(() => got.size === 1);
    for (const n of NAMES.slice(1)) h.add(n);
    await waitFor(() => got.size === NAMES.length, { describe: () => [...got.keys()].join(', ') });
    h.add('missing.jpg');
    await h.end();
    for (const [n, sha] of want) expect(got.get(n)).toBe(sha);
    expect(got.get('missing.jpg')).toBeNull();
    expect(got.size).toBe(NAMES.length + 1);
    await t.close();
  });

  it('finishes at once when nothing was added', async () => {
    const t = make();
    const calls: string[] = [];
    const h = new RemoteHasher(t, '/nonexistent', (rel) => calls.push(rel));
    await h.end();
    expect(calls).toEqual([]);
    await t.close();
  });
});

describe('RemoteHasher after a dropped connection', () => {
  it('sends the unanswered names to a new command and still hashes every file right', async () => {
    const dir = await tempDir('lorapilot-hasher-drop-');
    const names = Array.from({ length: 40 }, (_, i) => `f ${i}.bin`);
    const want = await files(dir, names);
    const t = new SshTarget({ spec: sshd.spec, sshDir: sshd.sshDir, env: {}, reconnect: { delaysMs: [150, 300, 600] } });
    const states: string[] = [];
    t.onState((s) => states.push(s.state));
    const got = new Map<string, string | null>();
    const h = new RemoteHasher(t, dir, (rel, sha) => got.set(rel, sha));
    for (const n of names.slice(0, 16)) h.add(n);
    await waitFor(() => got.size === 16);
    // The command is alive and waiting for more names when the connection dies.
    h.add(names[16]);
    expect(await sshd.killConnections()).toBeGreaterThan(0);
    for (const n of names.slice(17)) h.add(n);
    // A new command took over: hashes keep arriving before the upload ends.
    await waitFor(() => got.size >= 32, { describe: () => `${got.size} hashes` });
    await h.end();
    expect(states).toContain('reconnecting');
    for (const [n, sha] of want) expect(got.get(n), n).toBe(sha);
    await t.close();
  });
});

/** Run `fn` with LocalTarget commands seeing these stand-in programs first on PATH. */
async function withPrograms(programs: Record<string, string>, fn: () => Promise<void>): Promise<void> {
  const bin = await tempDir('lorapilot-bin-');
  for (const [name, body] of Object.entries(programs)) {
    await writeFile(join(bin, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(bin, name), 0o755);
  }
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  try {
    await fn();
  } finally {
    process.env.PATH = path;
  }
}

// A pod image without python3 answers "not found" (127).
const NO_PYTHON = { python3: 'echo "python3: not found" >&2; exit 127' };

describe('RemoteHasher on a system without python3', () => {
  it('streams through xargs and sha256sum instead, answering before the upload ends', async () => {
    const dir = await tempDir('lorapilot-hasher-nopy-');
    const want = await files(dir, NAMES);
    await withPrograms(NO_PYTHON, async () => {
      const got = new Map<string, string | null>();
      const h = new RemoteHasher(new LocalTarget(), dir, (rel, sha) => got.set(rel, sha));
      for (const n of NAMES) h.add(n);
      await waitFor(() => got.size === NAMES.length);
      h.add('missing.jpg');
      await h.end();
      for (const [n, sha] of want) expect(got.get(n), n).toBe(sha);
      expect(got.get('missing.jpg')).toBeNull();
    });
  });
});

describe('RemoteHasher on a busybox system: no python3, and a sha256sum without -z', () => {
  it('falls back to hashing at the end and gets every hash right', async () => {
    const dir = await tempDir('lorapilot-hasher-busybox-');
    const want = await files(dir, NAMES);
    // Like busybox's applet: no -z option, so every run fails before hashing anything.
    const busybox = { ...NO_PYTHON, sha256sum: 'for a; do case "$a" in -z) echo "sha256sum: unrecognized option: z" >&2; exit 1;; esac; done\nexec /usr/bin/sha256sum "$@"' };
    await withPrograms(busybox, async () => {
      const got = new Map<string, string | null>();
      const h = new RemoteHasher(new LocalTarget(), dir, (rel, sha) => got.set(rel, sha));
      for (const n of NAMES) h.add(n);
      h.add('missing.jpg');
      await h.end();
      for (const [n, sha] of want) expect(got.get(n), n).toBe(sha);
      expect(got.get('missing.jpg')).toBeNull();
    });
  });
});
