import type { Cloud, CreatePodRequest, GpuType, Template } from './api-schema.js';

/**
 * What `pod create` asks for, with the defaults the guide's run needs: an L40S (48 GB) in the secure cloud,
 * the image the official ai-toolkit template runs (ostris/aitoolkit, ai-toolkit in /app/ai-toolkit), a
 * container disk for the OS and caches, and /workspace on a pod volume (or a network volume) since RunPod
 * keeps only /workspace across a stop. TCP 22 is exposed on the public IP: the ssh.runpod.io proxy has no
 * exec channel and no SFTP.
 */
export interface CreateChoices {
  name: string;
  gpu: string;
  cloud: Cloud;
  image: string;
  /** Container disk, GB. */
  disk: number;
  /** Pod volume at /workspace, GB; ignored when a network volume is given. */
  volume: number;
  networkVolume?: string;
  /** The public key the image's start script adds to authorized_keys (PUBLIC_KEY). */
  publicKey?: string;
  /** A template's container settings, spread under ours (the v2 create takes no template id). */
  template?: Template;
}

/** The official ai-toolkit template on RunPod (ai-toolkit's README links console.runpod.io/deploy?template=…). */
export const OFFICIAL_TEMPLATE = '0fqzfjy6f3';

export const CREATE_DEFAULTS = {
  gpu: 'NVIDIA L40S',
  cloud: 'SECURE' as Cloud,
  image: 'ostris/aitoolkit:latest',
  disk: 50,
  volume: 100,
} as const;

export const WORKSPACE = '/workspace';

export function createRequest(c: CreateChoices): CreatePodRequest {
  const t = c.template;
  const ports = [...new Set([...(t?.ports ?? []).filter((p) => /^[0-9]+\/(tcp|http)$/.test(p)), '22/tcp'])];
  return {
    name: c.name,
    image: t?.image ?? c.image,
    ...(t?.args ? { args: t.args } : {}),
    cloud: c.cloud,
    gpu: { id: c.gpu, count: 1 },
    disk: c.disk,
    ports,
    env: { ...(t?.env ?? {}), ...(c.publicKey ? { PUBLIC_KEY: c.publicKey } : {}) },
    mounts: c.networkVolume ? { network: { id: c.networkVolume, path: WORKSPACE } } : { persistent: { size: c.volume, path: WORKSPACE } },
  };
}

/** The pod's hourly price from the catalog, for the cloud chosen. */
export function catalogPrice(types: GpuType[], gpu: string, cloud: Cloud): number | null {
  const t = types.find((g) => g.id === gpu || g.displayName === gpu);
  if (!t) return null;
  return (cloud === 'SECURE' ? t.securePrice : t.communityPrice) ?? null;
}

/** GPU types the catalog says are available now in that cloud, with at least `minMemory` GB, cheapest first. */
export function alternatives(types: GpuType[], exclude: string, cloud: Cloud, minMemory = 24): GpuType[] {
  const key = cloud === 'SECURE' ? 'secure' : 'community';
  const price = (g: GpuType) => (cloud === 'SECURE' ? g.securePrice : g.communityPrice) ?? Number.POSITIVE_INFINITY;
  return types
    .filter((g) => g.id !== exclude && g.displayName !== exclude && g.availability?.[key] === true && (g.memoryInGb ?? 0) >= minMemory)
    .sort((a, b) => price(a) - price(b));
}
