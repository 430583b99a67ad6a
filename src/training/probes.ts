import { sh } from '../remote/shell.js';
import type { Target } from '../remote/target.js';

/** GPU memory and load, as `nvidia-smi --query-gpu` reports them for the first GPU. */
export interface GpuReading {
  usedMiB: number;
  totalMiB: number;
  utilization: number | null;
}

/** `memory.used, memory.total, utilization.gpu` in csv,noheader,nounits: `41234, 46068, 97`. */
export function parseNvidiaSmi(text: string): GpuReading | null {
  const line = text.split('\n').find((l) => l.trim() !== '');
  if (!line) return null;
  const [used, total, util] = line.split(',').map((s) => Number(s.trim()));
  if (!Number.isFinite(used) || !Number.isFinite(total) || total <= 0) return null;
  return { usedMiB: used, totalMiB: total, utilization: Number.isFinite(util) ? util : null };
}

export async function readGpu(target: Target, signal?: AbortSignal): Promise<GpuReading | null> {
  const r = await target.exec(sh`nvidia-smi --query-gpu=memory.used,memory.total,utilization.gpu --format=csv,noheader,nounits`, { signal });
  return r.code === 0 ? parseNvidiaSmi(r.stdout) : null;
}

export interface DiskReading {
  path: string;
  freeBytes: number;
  totalBytes: number;
}

/** POSIX `df -Pk PATH`: the second line's fields 2 (total) and 4 (available), in KiB. */
export function parseDf(text: string, path: string): DiskReading | null {
  const lines = text.trim().split('\n');
  if (lines.length < 2) return null;
  const f = lines[lines.length - 1].trim().split(/\s+/);
  const total = Number(f[1]);
  const avail = Number(f[3]);
  if (!Number.isFinite(total) || !Number.isFinite(avail)) return null;
  return { path, freeBytes: avail * 1024, totalBytes: total * 1024 };
}

export async function readDisk(target: Target, path: string, signal?: AbortSignal): Promise<DiskReading | null> {
  const r = await target.exec(sh`df -Pk ${path}`, { signal });
  return r.code === 0 ? parseDf(r.stdout, path) : null;
}
