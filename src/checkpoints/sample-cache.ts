import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { samplePath } from '../ai-toolkit/layout.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { Target } from '../remote/target.js';
import type { SampleRef } from './pairing.js';

/**
 * Sample images fetched once from the target into `<project>/.lorapilot/cache/samples/`, so previews
 * and comparisons are instant and survive a pod stop. Names carry the job name: two runs can write
 * the same sample name.
 */
export function cachedSamplePath(cacheDir: string, jobName: string, sample: Pick<SampleRef, 'file'>): string {
  return join(cacheDir, `${jobName}__${sample.file}`);
}

export async function fetchSample(target: Target, folder: string, jobName: string, sample: SampleRef, cacheDir: string): Promise<{ ok: true; path: string } | { ok: false; message: string }> {
  const path = cachedSamplePath(cacheDir, jobName, sample);
  try {
    const have = await stat(path).catch(() => null);
    if (have && have.size === sample.size) return { ok: true, path };
    await mkdir(cacheDir, { recursive: true });
    // A sample caught mid-write is cached short; the size check above fetches it again on the next look.
    const data = await target.readFile(samplePath(folder, sample.file));
    await writeFileAtomic(path, data);
    return { ok: true, path };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}
