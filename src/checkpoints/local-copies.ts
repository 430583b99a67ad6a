import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isSafetensors } from '../ai-toolkit/names.js';
import { nameOfTemp } from '../fs/temp-name.js';
import { checkpointFiles } from './pairing.js';

/** A checkpoint file in the project's loras/ folder: finished, or the `.part` of an interrupted download. */
export interface LocalFile {
  path: string;
  size: number;
  mtimeMs: number;
  complete: boolean;
  partial: boolean;
  step: number | null;
}

/**
 * What is already in the project's loras/ folder, by checkpoint file name. A download's temporary file is
 * named by tempName (download.ts); `known` (the pod's checkpoint names) finds the shortened ones of long names.
 */
export async function localCheckpoints(dir: string, jobName: string, known: readonly string[] = []): Promise<Map<string, LocalFile>> {
  const out = new Map<string, LocalFile>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return out;
  }
  const listed = (files: readonly string[]) => checkpointFiles(files.map((n) => ({ name: n, size: 0, mtimeMs: 0 })), jobName).checkpoints;
  for (const c of listed(names.filter(isSafetensors))) {
    const s = await stat(join(dir, c.file)).catch(() => null);
    if (s?.isFile()) out.set(c.file, { path: join(dir, c.file), size: s.size, mtimeMs: s.mtimeMs, complete: true, partial: false, step: c.nameStep });
  }
  for (const n of names) {
    const file = nameOfTemp(n, known);
    const c = file !== null && isSafetensors(file) && !out.has(file) ? listed([file])[0] : undefined;
    if (!c) continue;
    const s = await stat(join(dir, n)).catch(() => null);
    if (s?.isFile()) out.set(c.file, { path: join(dir, n), size: s.size, mtimeMs: s.mtimeMs, complete: false, partial: true, step: c.nameStep });
  }
  return out;
}
