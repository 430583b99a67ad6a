import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, readlink, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hubCacheDir, hubEndpoint } from '../../../src/hub/cache-layout.js';
import { hubFile, type HubProgress } from '../../../src/hub/download.js';
import { HubError } from '../../../src/hub/errors.js';
import { startHubServer, type HubServer } from '../../helpers/hub-server.js';
import { tempDir } from '../../helpers/tmp.js';

const REPO = 'SmilingWolf/wd-vit-tagger-v3';
const big = randomBytes(3 * 1024 * 1024 + 17);
const csv = new TextEncoder().encode('tag_id,name,category,count\n0,1girl,0,1\n');
let server: HubServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

describe('the Hugging Face cache location and endpoint', () => {
  it('HF_HUB_CACHE wins over HF_HOME; the endpoint defaults to huggingface.co', () => {
    expect(hubCacheDir({ HF_HOME: '/h', HF_HUB_CACHE: '/c' })).toBe('/c');
    expect(hubCacheDir({ HF_HOME: '/h' })).toBe(join('/h', 'hub'));
    expect(hubCacheDir({})).toMatch(/\.cache[/\\]huggingface[/\\]hub$/);
    expect(hubEndpoint({})).toBe('https://huggingface.co');
    expect(hubEndpoint({ HF_ENDPOINT: 'http://mirror.local/' })).toBe('http://mirror.local');
  });
});

describe('hubFile against a local Hub', () => {
  it('writes the cache layout (blob by ETag, snapshot link, ref), and a second run needs no network', async () => {
    server = await startHubServer([{ repo: REPO, file: 'model.onnx', body: big, lfs: true }, { repo: REPO, file: 'selected_tags.csv', body: csv }]);
    const home = await tempDir();
    const env = { HF_HOME: home, HF_ENDPOINT: server.url };
    const progress: HubProgress[] = [];
    const f = await hubFile({ repo: REPO, file: 'model.onnx', env, onProgress: (p) => progress.push(p) });
    const root = join(home, 'hub', 'models--SmilingWolf--wd-vit-tagger-v3');
    expect(f).toMatchObject({ commit: server.commit, fromCache: false, bytes: big.length, path: join(root, 'snapshots', server.commit, 'model.onnx') });
    expect(Buffer.compare(await readFile(f.path), big)).toBe(0);
    expect(await readFile(join(root, 'refs', 'main'), 'utf8')).toBe(server.commit);
    const blobs = await readdir(join(root, 'blobs'));
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatch(/^[0-9a-f]{64}$/); // the linked ETag (sha256), not the pointer's
    expect(await readlink(f.path)).toBe(join('..', '..', 'blobs', blobs[0]));
    expect(progress[progress.length - 1]).toMatchObject({ done: big.length, total: big.length });

    const small = await hubFile({ repo: REPO, file: 'selected_tags.csv', env });
    expect(await readFile(small.path, 'utf8')).toContain('1girl');

    await server.close();
    server = null;
    const again = await hubFile({ repo: REPO, file: 'model.onnx', env });
    expect(again).toMatchObject({ fromCache: true, path: f.path });
  });

  it('an interrupted download leaves a .incomplete blob and the next run resumes it with a Range request', async () => {
    server = await startHubServer([{ repo: REPO, file: 'model.onnx', body: big, lfs: true }]);
    const cache = await tempDir();
    const env = { HF_HUB_CACHE: cache, HF_ENDPOINT: server.url };
    server.cutNext('model.onnx', 1024 * 1024);
    const first = await hubFile({ repo: REPO, file: 'model.onnx', env }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(HubError);
    expect((first as HubError).kind).toBe('interrupted');
    expect((first as HubError).message).toMatch(/run again to resume/);
    const blobs = join(cache, 'models--SmilingWolf--wd-vit-tagger-v3', 'blobs');
    const partial = (await readdir(blobs)).find((n) => n.endsWith('.incomplete'))!;
    const had = (await stat(join(blobs, partial))).size;
    expect(had).toBeGreaterThan(0);
    expect(had).toBeLessThan(big.length);

    const progress: HubProgress[] = [];
    const f = await hubFile({ repo: REPO, file: 'model.onnx', env, onProgress: (p) => progress.push(p) });
    expect(Buffer.compare(await readFile(f.path), big)).toBe(0);
    expect(server.requests.filter((r) => r.method === 'GET').map((r) => r.range)).toEqual([undefined, `bytes=${had}-`]);
    expect(progress[0]).toMatchObject({ resumedFrom: had, done: had });
    expect((await readdir(blobs)).some((n) => n.endsWith('.incomplete'))).toBe(false);
  });

  it('a gated repo: 401 without a token says to accept the terms and set HF_TOKEN; with the token it downloads; the token is never in a message', async () => {
    const token = 'hf_secret_token_123';
    server = await startHubServer([{ repo: 'org/gated', file: 'selected_tags.csv', body: csv }], { gated: { repo: 'org/gated', token } });
    const env = { HF_HUB_CACHE: await tempDir(), HF_ENDPOINT: server.url };
    const denied = (await hubFile({ repo: 'org/gated', file: 'selected_tags.csv', env }).catch((e: unknown) => e)) as HubError;
    expect(denied.kind).toBe('auth');
    expect(denied.message).toMatch(/needs a Hugging Face login \(401.*HF_TOKEN/);
    const wrong = (await hubFile({ repo: 'org/gated', file: 'selected_tags.csv', env: { ...env, HF_TOKEN: 'hf_wrong_one' } }).catch((e: unknown) => e)) as HubError;
    expect(wrong.message).toMatch(/refused the token in HF_TOKEN/);
    expect(wrong.message).not.toContain('hf_wrong_one');
    const ok = await hubFile({ repo: 'org/gated', file: 'selected_tags.csv', env: { ...env, HF_TOKEN: token } });
    expect(await readFile(ok.path, 'utf8')).toContain('1girl');
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${token}`);
  });

  it('an unreachable endpoint and a missing file are clear messages', async () => {
    const endpoint = await closedPort();
    const down = (await hubFile({ repo: REPO, file: 'model.onnx', env: { HF_HUB_CACHE: await tempDir(), HF_ENDPOINT: endpoint } }).catch((e: unknown) => e)) as HubError;
    expect(down.kind).toBe('unreachable');
    expect(down.message).toContain(`cannot reach the Hugging Face Hub at ${endpoint} (ECONNREFUSED)`);
    server = await startHubServer([]);
    const missing = (await hubFile({ repo: REPO, file: 'model.onnx', env: { HF_HUB_CACHE: await tempDir(), HF_ENDPOINT: server.url } }).catch((e: unknown) => e)) as HubError;
    expect(missing.kind).toBe('not-found');
  });
});
