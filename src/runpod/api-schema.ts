import { z } from 'zod';

/**
 * The bodies of RunPod's REST API v2 that lorapilot sends and reads, as zod schemas. They mirror the kept
 * OpenAPI subset (test/fixtures/runpod/openapi-v2-subset.json; a test holds the two together). Requests are
 * strict: the API answers an unknown field with 422. Responses keep only what lorapilot reads and let the
 * rest through, since the API returns far more than this.
 */

export const CLOUDS = ['SECURE', 'COMMUNITY'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const POD_STATUSES = ['PROVISIONING', 'STARTING', 'RUNNING', 'EXITED', 'ERROR', 'TERMINATED'] as const;
export type PodStatus = (typeof POD_STATUSES)[number];

export const gpuRequest = z.strictObject({ id: z.string(), count: z.number().int().min(1) });

export const mounts = z.strictObject({
  persistent: z.strictObject({ size: z.number().int().min(1), path: z.string() }).optional(),
  network: z.strictObject({ id: z.string(), path: z.string() }).optional(),
});

export const createPodRequest = z.strictObject({
  name: z.string().min(1),
  image: z.string(),
  args: z.string().optional(),
  disk: z.number().int().min(1).optional(),
  ports: z.array(z.string().regex(/^[0-9]+\/(tcp|http)$/)).optional(),
  env: z.record(z.string(), z.string()).optional(),
  cloud: z.enum(CLOUDS).optional(),
  gpu: gpuRequest.optional(),
  mounts: mounts.optional(),
});
export type CreatePodRequest = z.infer<typeof createPodRequest>;

export const podActionRequest = z.strictObject({ action: z.enum(['stop', 'start']) });
export type PodActionRequest = z.infer<typeof podActionRequest>;

/** The container configuration v2 shares across templates, pods and endpoints (the get-a-pod page). */
const containerConfig = {
  image: z.string(),
  args: z.string(),
  disk: z.number().int(),
  ports: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  registry: z.string().nullable(),
};

export const pod = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.enum(POD_STATUSES),
  ...containerConfig,
  cost: z.number().optional(),
  costPerHr: z.number().optional(),
  publicIp: z.string().nullable().optional(),
  portMappings: z.record(z.string(), z.number().int()).nullable().optional(),
  startedAt: z.string().nullable().optional(),
  lastStartedAt: z.string().nullable().optional(),
  gpu: gpuRequest.optional(),
  mounts: mounts.optional(),
});
export type Pod = z.infer<typeof pod>;

export const podList = z.array(pod);

/**
 * One page of `GET /v2/pods`. RunPod's page says only "returns all pods owned by the authenticated user";
 * public v2 clients read either a plain array or `{ pods, pagination: { nextCursor, hasNextPage } }` with a
 * `cursor` query, so both are read, and the pages followed.
 */
export const podListPage = z.union([
  podList,
  z.looseObject({
    pods: podList,
    pagination: z.looseObject({ nextCursor: z.string().nullable().optional(), hasNextPage: z.boolean().optional() }).nullable().optional(),
  }),
]);
export type PodListPage = z.infer<typeof podListPage>;

export const gpuType = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  memoryInGb: z.number().int().optional(),
  securePrice: z.number().nullable().optional(),
  communityPrice: z.number().nullable().optional(),
  availability: z.looseObject({ secure: z.boolean().optional(), community: z.boolean().optional() }).optional(),
});
export type GpuType = z.infer<typeof gpuType>;

export const gpuTypeList = z.array(gpuType);

export const template = z.looseObject({
  id: z.string(),
  name: z.string(),
  ...containerConfig,
});
export type Template = z.infer<typeof template>;

/** An error body: RFC 9457 problem details (title, status, detail) as a public v2 client reads them, or the older { error, code }. */
export const apiError = z.looseObject({
  error: z.string().optional(),
  code: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
});

/** Which kept-schema component each zod schema stands for (the consistency test walks this). */
export const SCHEMA_COMPONENTS = {
  CreatePodRequest: createPodRequest,
  GpuRequest: gpuRequest,
  Mounts: mounts,
  PodActionRequest: podActionRequest,
  Pod: pod,
  PodList: podList,
  GpuType: gpuType,
  GpuTypeList: gpuTypeList,
  Template: template,
  Error: apiError,
} as const;
