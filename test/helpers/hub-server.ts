import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Hugging Face Hub speaking its resolve protocol: `/{repo}/resolve/{revision}/{file}` answers
 * HEAD and GET with ETag and X-Repo-Commit; a large (LFS) file redirects to a storage URL with
 * X-Linked-Etag and X-Linked-Size, as the Hub does; Range requests get 206; a gated repo answers 401
 * without the right Bearer token.
 */

export interface HubServedFile {
  repo: string;
  file: string;
  body: Uint8Array;
  /** Served like an LFS file: a 302 to the storage URL. */
  lfs?: boolean;
}

export interface HubRequest {
  method: string;
  path: string;
  range?: string;
  authorization?: string;
}

export interface HubServer {
  url: string;
  commit: string;
  requests: HubRequest[];
  /** The next GET of this file's bytes stops after `bytes` bytes, the connection cut. */
  cutNext(file: string, bytes: number): void;
  close(): Promise<void>;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function startHubServer(files: HubServedFile[], opts: { gated?: { repo: string; token: string } } = {}): Promise<HubServer> {
  const commit = sha(Buffer.from('commit')).slice(0, 40);
  const requests: HubRequest[] = [];
  const cuts = new Map<string, number>();
  const byEtag = new Map<string, HubServedFile>();
  for (const f of files) byEtag.set(sha(f.body), f);

  const sendBytes = (req: IncomingMessage, res: ServerResponse, f: HubServedFile) => {
    const size = f.body.length;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    if (start >= size && size > 0) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    const headers = { 'content-length': String(size - start), 'accept-ranges': 'bytes', etag: `"${sha(f.body)}"`, 'x-repo-commit': commit };
    res.writeHead(m ? 206 : 200, m ? { ...headers, 'content-range': `bytes ${start}-${size - 1}/${size}` } : headers);
    if (req.method === 'HEAD') return void res.end();
    const cut = cuts.get(f.file);
    if (cut !== undefined) {
      cuts.delete(f.file);
      res.write(f.body.subarray(start, start + cut), () => res.socket?.destroy());
      return;
    }
    res.end(Buffer.from(f.body.subarray(start)));
  };

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push({ method: req.method ?? '', path, range: req.headers.range, authorization: req.headers.authorization });
    const storage = /^\/storage\/([0-9a-f]{64})$/.exec(path);
    if (storage) {
      const f = byEtag.get(storage[1]);
      return f ? sendBytes(req, res, f) : void res.writeHead(404).end();
    }
    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (!m) return void res.writeHead(404).end();
    const [, repo, revision, file] = m;
    if (opts.gated?.repo === repo && req.headers.authorization !== `Bearer ${opts.gated.token}`) {
      return void res.writeHead(401, { 'x-error-code': 'GatedRepo', 'content-type': 'text/plain' }).end('Access to model is restricted.');
    }
    const f = files.find((x) => x.repo === repo && x.file === file);
    if (!f || (revision !== 'main' && revision !== commit)) return void res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end();
    if (f.lfs) {
      const etag = sha(f.body);
      return void res.writeHead(302, { location: `/storage/${etag}`, 'x-linked-etag': `"${etag}"`, 'x-linked-size': String(f.body.length), 'x-repo-commit': commit, etag: '"pointer"' }).end();
    }
    sendBytes(req, res, f);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    commit,
    requests,
    cutNext: (file, bytes) => cuts.set(file, bytes),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
