import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic.js';
import type { JobSection } from '../project/sections/job.js';
import type { ParserState } from './parser.js';
import type { ModelData } from './run-model.js';

/**
 * What the monitor had read of a run, saved on this machine so that re-attaching (another day,
 * another terminal session) shows the whole run at once and reads only the bytes after `offset`
 * (the same offset lorapilot.yaml's job.offset records). Only used when it matches the run: same
 * key (log path + run folder), and the log is at least `offset` bytes long.
 */
const snapshotSchema = z.object({
  v: z.literal(1),
  key: z.string(),
  offset: z.number().int().nonnegative(),
  parser: z.custom<ParserState>((x) => typeof x === 'object' && x !== null),
  model: z.custom<ModelData>((x) => typeof x === 'object' && x !== null && (x as { v?: number }).v === 1),
});
export type MonitorSnapshot = z.infer<typeof snapshotSchema>;

export async function loadSnapshot(file: string, key: string): Promise<MonitorSnapshot | null> {
  try {
    const parsed = snapshotSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success && parsed.data.key === key ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function saveSnapshot(file: string, snap: MonitorSnapshot): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(snap));
}

/** Where the snapshot of a run's monitor state is kept on this machine, and the key that ties it to that run. */
export function monitorSnapshotPlace(dir: string, job: Pick<JobSection, 'name' | 'folder' | 'host' | 'log'>): { file: string; key: string } {
  const run = job.folder.split('/').filter(Boolean).pop() ?? 'run';
  const file = join(dir, '.lorapilot', 'cache', 'monitor', `${job.name}-${run}.json`.replace(/[^A-Za-z0-9_.-]/g, '_'));
  return { file, key: `${job.host}\0${job.log}\0${job.folder}` };
}
