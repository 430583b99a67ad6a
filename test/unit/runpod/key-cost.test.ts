import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { costText, projectedTotal } from '../../../src/runpod/cost.js';
import { alternatives, catalogPrice } from '../../../src/runpod/create-request.js';
import { apiUrl, DEFAULT_API_URL, findApiKey, keyFromToml } from '../../../src/runpod/key.js';
import { tempDir } from '../../helpers/tmp.js';

describe('the API key', () => {
  it('comes from RUNPOD_API_KEY first, else from runpodctl\'s ~/.runpod/config.toml', async () => {
    const home = await tempDir('lorapilot-home-');
    expect(await findApiKey({ HOME: home })).toBeNull();
    await mkdir(join(home, '.runpod'));
    await writeFile(join(home, '.runpod', 'config.toml'), 'apikey = "rpa_FROMFILE"\napiurl = "https://api.runpod.io/graphql"\n');
    expect(await findApiKey({ HOME: home })).toEqual({ key: 'rpa_FROMFILE', source: join(home, '.runpod', 'config.toml') });
    expect(await findApiKey({ HOME: home, RUNPOD_API_KEY: 'rpa_ENV' })).toEqual({ key: 'rpa_ENV', source: 'RUNPOD_API_KEY' });
  });
  it('reads the SDK\'s profile layout too, and nothing from a file without a key', () => {
    expect(keyFromToml('[default]\napi_key = "rpa_SDK"\n')).toBe('rpa_SDK');
    expect(keyFromToml('# apikey = "commented"\napiurl = "x"\n')).toBeNull();
  });
  it('the base URL: RUNPOD_API_URL, then runpod.apiUrl, then RunPod\'s', () => {
    expect(apiUrl({}, undefined)).toBe(DEFAULT_API_URL);
    expect(apiUrl({}, 'http://proxy.local:8080/')).toBe('http://proxy.local:8080');
    expect(apiUrl({ RUNPOD_API_URL: 'http://127.0.0.1:9' }, 'http://proxy.local')).toBe('http://127.0.0.1:9');
  });
});

describe('cost', () => {
  const since = '2026-12-01T20:00:00Z';
  const now = new Date('2026-12-01T22:30:00Z');
  it('is the hourly price times the hours running, and the ETA adds the rest at that price', () => {
    expect(costText(0.86, since, now, null)).toBe('$2.15 so far');
    expect(costText(0.86, since, now, 3600)).toBe('$2.15 so far · ~$3.01 at the ETA');
    expect(projectedTotal(0.86, since, now, -5)).toBeNull();
  });
});

describe('GPU alternatives when a type has no capacity', () => {
  const catalog = [
    { id: 'NVIDIA L40S', displayName: 'L40S', memoryInGb: 48, securePrice: 0.86, communityPrice: 0.79, availability: { secure: false, community: true } },
    { id: 'NVIDIA A100 80GB PCIe', displayName: 'A100 PCIe', memoryInGb: 80, securePrice: 1.64, communityPrice: 1.19, availability: { secure: true, community: true } },
    { id: 'NVIDIA RTX 6000 Ada Generation', displayName: 'RTX 6000 Ada', memoryInGb: 48, securePrice: 0.77, communityPrice: 0.74, availability: { secure: true, community: false } },
    { id: 'NVIDIA GeForce RTX 3070', displayName: 'RTX 3070', memoryInGb: 8, securePrice: 0.13, communityPrice: 0.13, availability: { secure: true, community: true } },
  ];
  it('lists types in stock in that cloud with enough memory, cheapest first', () => {
    expect(alternatives(catalog, 'NVIDIA L40S', 'SECURE').map((g) => g.id)).toEqual(['NVIDIA RTX 6000 Ada Generation', 'NVIDIA A100 80GB PCIe']);
    expect(alternatives(catalog, 'NVIDIA L40S', 'COMMUNITY').map((g) => g.id)).toEqual(['NVIDIA A100 80GB PCIe']);
    expect(catalogPrice(catalog, 'NVIDIA L40S', 'COMMUNITY')).toBe(0.79);
  });
});

describe('the client', () => {
  it('never shows a proxy\'s password, nor the key, when the API cannot be reached', async () => {
    const { RunpodClient } = await import('../../../src/runpod/client.js');
    const c = new RunpodClient('rpa_SECRET_key', 'http://user:hunter2@127.0.0.1:1', 2000);
    const e = await c.listPods().then(() => null, (x: Error) => x);
    expect(e?.message).toContain("RunPod's API at http://127.0.0.1:1 did not answer");
    expect(e?.message).not.toMatch(/hunter2|rpa_SECRET/);
  });
});
