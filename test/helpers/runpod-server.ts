/**
 * A local HTTP server speaking the part of RunPod's REST API v2 that lorapilot calls, with every request
 * and response body checked against the kept OpenAPI subset (violations are collected for the test to
 * assert none). The pod it "creates" answers SSH at `ssh` (the test sshd). Its knobs: a key, GPU types
 * in stock, polls before a pod runs, and a pod that never gets a public port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { check, openapi, type JsonSchema } from './openapi-check.js';

export interface FakeGpu {
  id: string;
  displayName: string;
  memoryInGb: number;
  securePrice: number;
  communityPrice: number;
  inStock: boolean;
}

export interface RunpodServerOptions {
  key: string;
  ssh: { host: string; port: number };
  gpus?: FakeGpu[];
  /** GET polls a new pod answers PROVISIONING/STARTING before RUNNING. */
  pollsBeforeRunning?: number;
  /** The pod runs but never gets a public port for 22. */
  neverReady?: boolean;
}

export interface FakePod {
  id: string;
  name: string;
  status: 'PROVISIONING' | 'STARTING' | 'RUNNING' | 'EXITED' | 'TERMINATED';
  body: Record<string, unknown>;
  polls: number;
  stops: number;
  starts: number;
  lastStartedAt: string;
  costPerHr: number;
}

export interface RunpodServer {
  url: string;
  pods: Map<string, FakePod>;
  requests: Array<{ method: string; path: string; auth: string | undefined; body: unknown }>;
  violations: string[];
  close(): Promise<void>;
}

export const DEFAULT_GPUS: FakeGpu[] = [
  { id: 'NVIDIA L40S', displayName: 'L40S', memoryInGb: 48, securePrice: 0.86, communityPrice: 0.79, inStock: true },
  { id: 'NVIDIA RTX 6000 Ada Generation', displayName: 'RTX 6000 Ada', memoryInGb: 48, securePrice: 0.77, communityPrice: 0.74, inStock: true },
  { id: 'NVIDIA A100 80GB PCIe', displayName: 'A100 PCIe', memoryInGb: 80, securePrice: 1.64, communityPrice: 1.19, inStock: true },
  { id: 'NVIDIA GeForce RTX 3070', displayName: 'RTX 3070', memoryInGb: 8, securePrice: 0.13, communityPrice: 0.13, inStock: true },
];

/** The official ai-toolkit template as this server knows it: the image its docker-compose runs, the UI port. */
const TEMPLATES: Record<string, Record<string, unknown>> = {
  '0fqzfjy6f3': { id: '0fqzfjy6f3', name: 'ostris/ai-toolkit', image: 'ostris/aitoolkit:latest', args: '', disk: 40, ports: ['8675/http', '22/tcp'], env: { AI_TOOLKIT_AUTH: 'password' }, registry: null },
};

function responseSchema(pathKey: string, method: string, status: number): JsonSchema | null {
  return openapi.paths[pathKey]?.[method.toLowerCase()]?.responses[String(status)]?.content?.['application/json']?.schema ?? null;
}

export async function startRunpodServer(o: RunpodServerOptions): Promise<RunpodServer> {
  const gpus = o.gpus ?? DEFAULT_GPUS;
  const pods = new Map<string, FakePod>();
  const requests: RunpodServer['requests'] = [];
  const violations: string[] = [];
  let next = 1;

  const podJson = (p: FakePod) => {
    const ready = p.status === 'RUNNING' && !o.neverReady;
    const b = p.body;
    return {
      id: p.id,
      name: p.name,
      status: p.status,
      image: b.image,
      args: (b.args as string | undefined) ?? '',
      disk: (b.disk as number | undefined) ?? 20,
      ports: (b.ports as string[] | undefined) ?? [],
      env: {},
      registry: null,
      cost: p.status === 'RUNNING' || p.status === 'STARTING' || p.status === 'PROVISIONING' ? p.costPerHr : 0,
      publicIp: ready ? o.ssh.host : null,
      portMappings: ready ? { '22': o.ssh.port } : null,
      startedAt: p.lastStartedAt,
      gpu: b.gpu,
      mounts: b.mounts,
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        violations.push(`${req.method} ${req.url}: request body is not JSON`);
      }
    }
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, auth: req.headers.authorization, body });
    const m = /^\/v2\/pods(?:\/([^/]+))?(?:\/(action))?$/.exec(url.pathname);
 const tm = /^\/v2\/templates\/([^/]+)$/.exec(url.pathname);
    const pathKey = url.pathname === '/v2/catalog/gpus' ? '/v2/catalog/gpus' : tm ? '/v2/templates/{id}' : m ? `/v2/pods${m[1] ? '/{id}' : ''}${m[2] ? `/${m[2]}` : ''}` : url.pathname;
    const send = (status: number, json?: unknown) => {
      if (json !== undefined) {
        const schema = responseSchema(pathKey, req.method ?? '', status);
        if (!schema) violations.push(`${req.method} ${pathKey} ${status}: no response schema in the kept document`);
        else for (const v of check(schema, JSON.parse(JSON.stringify(json)))) violations.push(`response ${req.method} ${pathKey} ${status}: ${v}`);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      } else {
        res.writeHead(status);
        res.end();
      }
    };
    if (req.headers.authorization !== `Bearer ${o.key}`) return send(401, { error: 'invalid api key' });
    if (pathKey === '/v2/catalog/gpus' && req.method === 'GET') {
      const withStock = url.searchParams.get('include') === 'AVAILABILITY';
      return send(
        200,
        gpus.map((g) => ({ id: g.id, displayName: g.displayName, memoryInGb: g.memoryInGb, securePrice: g.securePrice, communityPrice: g.communityPrice, ...(withStock ? { availability: { secure: g.inStock, community: g.inStock } } : {}) })),
      );
    }
    if (tm && req.method === 'GET') {
      const t = TEMPLATES[decodeURIComponent(tm[1])];
      return t ? send(200, t) : send(404, { error: 'template not found' });
    }
    if (pathKey === '/v2/pods' && req.method === 'POST') {
      const schema = openapi.paths['/v2/pods'].post.requestBody?.content['application/json'].schema as JsonSchema;
      const problems = check(schema, body);
      violations.push(...problems.map((p) => `request POST /v2/pods: ${p}`));
      if (problems.length) return send(422, { error: problems.join('; ') });
      const b = body as Record<string, unknown>;
      const gpu = gpus.find((g) => g.id === (b.gpu as { id: string }).id);
      // Runpod says create answers 400 when the GPU type cannot be placed; the body as problem details
      if (!gpu || !gpu.inStock) return send(400, { title: 'Bad Request', status: 400, detail: 'no capacity for the requested GPU type' });
      const id = `pod${String(next++).padStart(3, '0')}test`;
      const p: FakePod = { id, name: b.name as string, status: 'PROVISIONING', body: b, polls: 0, stops: 0, starts: 0, lastStartedAt: new Date().toISOString(), costPerHr: b.cloud === 'COMMUNITY' ? gpu.communityPrice : gpu.securePrice };
      pods.set(id, p);
      return send(201, podJson(p));
    }
    if (pathKey === '/v2/pods' && req.method === 'GET') return send(200, [...pods.values()].filter((p) => p.status !== 'TERMINATED').map(podJson));
    const p = m?.[1] ? pods.get(decodeURIComponent(m[1])) : undefined;
    if (!p || p.status === 'TERMINATED') return send(404, { error: 'pod not found' });
    if (pathKey === '/v2/pods/{id}' && req.method === 'GET') {
      p.polls++;
      if (p.status !== 'RUNNING' && p.status !== 'EXITED' && p.polls > (o.pollsBeforeRunning ?? 2)) p.status = 'RUNNING';
      else if (p.status === 'PROVISIONING' && p.polls > 0) p.status = 'STARTING';
      return send(200, podJson(p));
    }
    if (pathKey === '/v2/pods/{id}/action' && req.method === 'POST') {
      const schema = openapi.paths['/v2/pods/{id}/action'].post.requestBody?.content['application/json'].schema as JsonSchema;
      const problems = check(schema, body);
      violations.push(...problems.map((x) => `request POST /v2/pods/{id}/action: ${x}`));
      if (problems.length) return send(422, { error: problems.join('; ') });
    }
    const action = pathKey === '/v2/pods/{id}/action' && req.method === 'POST' ? (body as { action: string }).action : null;
    if (action === 'stop') {
      p.stops++;
      p.status = 'EXITED';
      return send(200, podJson(p));
    }
    if (action === 'start') {
      p.starts++;
      p.status = 'RUNNING';
      p.lastStartedAt = new Date().toISOString();
      return send(200, podJson(p));
    }
    if (pathKey === '/v2/pods/{id}' && req.method === 'DELETE') {
      p.status = 'TERMINATED';
      return send(204);
    }
    return send(404, { error: 'no such route' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      violations.push(`server error: ${String(e)}`);
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    pods,
    requests,
    violations,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
