import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downloadProgressText, taggerRepo } from '../../../src/captions/tagger/models.js';
import { writeTinyModel } from '../../fixtures/wd14/make-tiny-model.js';
import { runCli as cli } from '../../helpers/cli.js';
import { startHubServer, type HubServer } from '../../helpers/hub-server.js';
import { tempDir } from '../../helpers/tmp.js';

/** `captions tag` without a model folder: the tagger comes from the Hub (a local one here) into its cache. */

let files: Array<{ file: string; body: Uint8Array }>;
let server: HubServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

beforeAll(async () => {
  const dir = await tempDir('lorapilot-wd14-hub-');
  writeTinyModel(dir);
  files = [
    { file: 'model.onnx', body: await readFile(join(dir, 'model.onnx')) },
    { file: 'selected_tags.csv', body: await readFile(join(dir, 'selected_tags.csv')) },
  ];
});

async function project(): Promise<string> {
  const p = await tempDir();
  await writeFile(join(p, 'lorapilot.yaml'), 'name: maya\ntrigger: maya_char\n');
  await mkdir(join(p, 'dataset/40_maya'), { recursive: true });
  await sharp({ create: { width: 96, height: 96, channels: 3, background: '#ff0000' } }).jpeg().toFile(join(p, 'dataset/40_maya/red.jpg'));
  return p;
}

describe('captions tag with a model from the Hub', () => {
  it('downloads the default WD14 tagger into HF_HOME, tags, and the second run uses the cache with the Hub gone', async () => {
    server = await startHubServer(files.map((f) => ({ repo: 'SmilingWolf/wd-eva02-large-tagger-v3', lfs: f.file === 'model.onnx', ...f })));
    const home = await tempDir();
    const dir = await project();
    const env = { HF_HOME: home, HF_ENDPOINT: server.url };
    const first = await cli(['captions', 'tag'], dir, env);
    expect(first.code).toBe(0);
    // no terminal: one line as each file starts
    expect(first.err.trim().split('\n')).toEqual([
      expect.stringMatching(/^downloading SmilingWolf\/wd-eva02-large-tagger-v3 selected_tags\.csv 0\.0 MB \/ 0\.0 MB$/),
      expect.stringMatching(/^downloading SmilingWolf\/wd-eva02-large-tagger-v3 model\.onnx 0\.0 MB \/ 0\.0 MB$/),
    ]);
    expect(first.out).toContain('tagger: SmilingWolf/wd-eva02-large-tagger-v3 downloaded into the Hugging Face cache');
    expect(first.out).toContain(join(home, 'hub', 'models--SmilingWolf--wd-eva02-large-tagger-v3', 'snapshots', server.commit));
    expect(await readFile(join(dir, 'dataset/40_maya/red.txt'), 'utf8')).toBe('maya_char, red theme, 1girl, long hair, ^_^, solo');
    // a Hub model is not written into lorapilot.yaml as a folder
    expect(await readFile(join(dir, 'lorapilot.yaml'), 'utf8')).not.toMatch(/tagger:/);

    await server.close();
    server = null;
    const second = await cli(['captions', 'tag', '--mode', 'missing'], dir, env);
    expect(second.code).toBe(0);
    expect(second.err).toBe('');
    expect(second.out).toContain('tagger: SmilingWolf/wd-eva02-large-tagger-v3 from the Hugging Face cache');
  });

  it('a model by name, e.g. wd-vit-tagger-v3; an unreachable Hub is one clear line and exit 1', async () => {
    server = await startHubServer(files.map((f) => ({ repo: 'SmilingWolf/wd-vit-tagger-v3', ...f })));
    const dir = await project();
    const byName = await cli(['captions', 'tag', '--model', 'wd-vit-tagger-v3'], dir, { HF_HUB_CACHE: await tempDir(), HF_ENDPOINT: server.url });
    expect(byName.code).toBe(0);
    expect(byName.out).toContain('tagger: SmilingWolf/wd-vit-tagger-v3 downloaded');

    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    await new Promise((r) => s.close(r));
    const down = await cli(['captions', 'tag', '--model', 'wd-swinv2-tagger-v3'], dir, { HF_HUB_CACHE: await tempDir(), HF_ENDPOINT: endpoint });
    expect(down.code).toBe(1);
    expect(down.err.trim()).toBe(`lorapilot captions tag: cannot reach the Hugging Face Hub at ${endpoint} (ECONNREFUSED): check the network connection, or HF_ENDPOINT if you use a mirror`);
  });
});

describe('model names and download progress', () => {
  it('model names: the short WD14 names, any org/repo, and nothing else', () => {
    expect(taggerRepo('wd-convnext-tagger-v3')).toBe('SmilingWolf/wd-convnext-tagger-v3');
    expect(taggerRepo('me/my-tagger')).toBe('me/my-tagger');
    expect(taggerRepo('./models/wd')).toBeNull();
    expect(taggerRepo('../x/y')).toBeNull();
  });

  it('sizes in MB or GB, and where a resumed download started', () => {
    expect(downloadProgressText({ repo: 'SmilingWolf/wd-vit-tagger-v3', file: 'model.onnx', done: 120_500_000, total: 1_260_000_000, resumedFrom: 40_000_000 }))
      .toBe('SmilingWolf/wd-vit-tagger-v3 model.onnx 120.5 MB / 1.26 GB (resumed at 40.0 MB)');
    expect(downloadProgressText({ repo: 'SmilingWolf/wd-vit-tagger-v3', file: 'selected_tags.csv', done: 0, total: null, resumedFrom: 0 })).toBe('SmilingWolf/wd-vit-tagger-v3 selected_tags.csv 0.0 MB');
  });
});
