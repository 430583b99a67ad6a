import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RunpodClient } from '../../../src/runpod/client.js';
import { RunpodError } from '../../../src/runpod/errors.js';

const podJson = (id: string) => ({ id, name: `pod-${id}`, status: 'RUNNING', image: 'ostris/aitoolkit:latest', args: '', disk: 50, ports: ['22/tcp'], env: {}, registry: null });

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

/** A local API answering `GET /v2/pods` the way `answer` says, recording the queries it was asked. */
async function api(answer: (cursor: string | null) => unknown): Promise<{ client: RunpodClient; asked: (string | null)[] }> {
  const asked: (string | null)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const cursor = url.searchParams.get('cursor');
    asked.push(cursor);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer(cursor)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  close = () => new Promise<void>((r) => server.close(() => r()));
  const { port } = server.address() as AddressInfo;
  return { client: new RunpodClient('rpa_TEST', `http://127.0.0.1:${port}`), asked };
}

describe('listing pods', () => {
  it('reads a plain array in one call', async () => {
    const { client, asked } = await api(() => [podJson('a'), podJson('b')]);
    expect((await client.listPods()).map((p) => p.id)).toEqual(['a', 'b']);
    expect(asked).toEqual([null]);
  });

  it('follows a paged list to its last page', async () => {
    const pages: Record<string, unknown> = {
      '': { pods: [podJson('a')], pagination: { nextCursor: 'c2', hasNextPage: true } },
      c2: { pods: [podJson('b')], pagination: { nextCursor: 'c3', hasNextPage: true } },
      c3: { pods: [podJson('c')], pagination: { nextCursor: null, hasNextPage: false } },
    };
    const { client, asked } = await api((cursor) => pages[cursor ?? '']);
    expect((await client.listPods()).map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(asked).toEqual([null, 'c2', 'c3']);
  });

  it('stops on a cursor that repeats, and refuses a list that pages without end', async () => {
    const same = await api(() => ({ pods: [podJson('a')], pagination: { nextCursor: 'again', hasNextPage: true } }));
    expect((await same.client.listPods()).length).toBe(2);
    await close?.();
    let n = 0;
    const endless = await api(() => ({ pods: [], pagination: { nextCursor: `p${++n}`, hasNextPage: true } }));
    await expect(endless.client.listPods()).rejects.toBeInstanceOf(RunpodError);
    expect(endless.asked.length).toBe(100);
  });
});
