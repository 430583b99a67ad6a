import { mkdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { parseSampleName } from '../ai-toolkit/names.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { TargetError, type Target } from '../remote/target.js';
import type { RunModel } from './run-model.js';

/** List the job's samples/ and fetch new images into the local cache. Returns true when any arrived. */
export async function fetchSamples(target: Target, output: string, cache: string | null, model: RunModel, signal?: AbortSignal): Promise<boolean> {
  const dir = posix.join(output, 'samples');
  const entries = await target.list(dir).catch((e: unknown) => {
    if (e instanceof TargetError && e.code === 'not-found') return [];
    throw e;
  });
  let added = false;
  for (const entry of entries) {
    if (signal?.aborted) break;
    if (!entry.isFile) continue;
    const name = parseSampleName(entry.name);
    if (!name) continue;
    const remote = posix.join(dir, entry.name);
    if (model.hasSample(name.step, name.index, remote)) continue;
    let local: string | null = remote;
    if (cache !== null) {
      local = join(cache, entry.name);
      const have = await stat(local).catch(() => null);
      if (!have || have.size !== entry.size) {
        await mkdir(cache, { recursive: true });
        await writeFileAtomic(local, await target.readFile(remote));
      }
    }
    added = model.addSample({ step: name.step, index: name.index, local, remote }) || added;
  }
  return added;
}
