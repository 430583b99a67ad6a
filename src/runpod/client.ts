import type { z } from 'zod';
import { apiError, createPodRequest, gpuTypeList, pod, podActionRequest, podListPage, template, type CreatePodRequest, type GpuType, type Pod, type PodActionRequest, type PodListPage, type Template } from './api-schema.js';
import { redact, RunpodError } from './errors.js';

const MAX_LIST_PAGES = 100;

/** A thin client over the v2 endpoints lorapilot uses; every reply is checked against its schema. */
export class RunpodClient {
  constructor(
    private readonly key: string,
    readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
  ) {}

  createPod(body: CreatePodRequest): Promise<Pod> {
    return this.call('POST', '/v2/pods', pod, createPodRequest.parse(body));
  }
  /** Every pod of the account, following the list's pages when it is paged (at most 100 pages). */
  async listPods(): Promise<Pod[]> {
    const all: Pod[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const reply: PodListPage = await this.call('GET', cursor === null ? '/v2/pods' : `/v2/pods?cursor=${encodeURIComponent(cursor)}`, podListPage);
      if (Array.isArray(reply)) return all.concat(reply);
      all.push(...reply.pods);
      const next: string | null = reply.pagination?.nextCursor ?? null;
      if (!next || reply.pagination?.hasNextPage === false || next === cursor) return all;
      cursor = next;
    }
    throw new RunpodError('bad-reply', `RunPod's API kept paging the pod list past ${MAX_LIST_PAGES} pages`);
  }
  getPod(id: string): Promise<Pod> {
    return this.call('GET', `/v2/pods/${encodeURIComponent(id)}`, pod);
  }
  stopPod(id: string): Promise<Pod> {
    return this.podAction(id, { action: 'stop' });
  }
  startPod(id: string): Promise<Pod> {
    return this.podAction(id, { action: 'start' });
  }
  /** v2 has one lifecycle call per pod; the action names what to do. */
  private podAction(id: string, body: PodActionRequest): Promise<Pod> {
    return this.call('POST', `/v2/pods/${encodeURIComponent(id)}/action`, pod, podActionRequest.parse(body));
  }
  async terminatePod(id: string): Promise<void> {
    await this.call('DELETE', `/v2/pods/${encodeURIComponent(id)}`, null);
  }
  getTemplate(id: string): Promise<Template> {
    return this.call('GET', `/v2/templates/${encodeURIComponent(id)}`, template);
  }
  gpuTypes(): Promise<GpuType[]> {
    return this.call('GET', '/v2/catalog/gpus?include=AVAILABILITY', gpuTypeList);
  }

  private async call<T>(method: string, path: string, schema: z.ZodType<T> | null, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${this.key}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const why = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
      throw new RunpodError('unreachable', `RunPod's API at ${shownUrl(this.baseUrl)} did not answer (${redact(why, this.key).replace(/\/\/[^/@\s]+@/g, '//')})`, 'check the network (or RUNPOD_API_URL / runpod.apiUrl), then try again');
    }
    const text = redact(await res.text().catch(() => ''), this.key);
    if (!res.ok) throw this.failure(res.status, text);
    if (schema === null) return undefined as T;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new RunpodError('bad-reply', `RunPod's API answered ${method} ${path.split('?')[0]} with something that is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new RunpodError('bad-reply', `RunPod's API answered ${method} ${path.split('?')[0]} in a shape lorapilot does not know (${parsed.error.issues[0]?.path.join('.') ?? '?'})`);
    return parsed.data;
  }

  private failure(status: number, text: string): RunpodError {
    let detail = '';
    try {
      const e = apiError.safeParse(JSON.parse(text));
      if (e.success) detail = e.data.detail ?? e.data.error ?? e.data.title ?? '';
    } catch {
      detail = text.slice(0, 200);
    }
    const said = detail ? `: ${detail}` : '';
    if (status === 401 || status === 403) {
      return new RunpodError('unauthorized', `RunPod refused the API key (HTTP ${status})${said}`, 'make a new key in the RunPod console (Settings → API Keys) and set RUNPOD_API_KEY, or run runpodctl config --apiKey …');
    }
    if (status === 404) return new RunpodError('not-found', `RunPod knows no such pod (HTTP 404)${said}`);
    if (isNoCapacity(status, detail)) return new RunpodError('no-capacity', `RunPod has no capacity for that GPU type right now${said}`);
    return new RunpodError('rejected', `RunPod's API answered HTTP ${status}${said}`);
  }
}

/** The base URL as it may be shown: a proxy's user and password stay out of messages. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'the configured URL';
  }
}

/** "No capacity" arrives as a conflict or unavailable status, or as words in a 4xx body. */
function isNoCapacity(status: number, detail: string): boolean {
  return status === 409 || status === 503 || /no (gpu )?capacity|no instances? (currently )?available|not enough (free )?gpus/i.test(detail);
}
