import { posix } from 'node:path';
import { readSafetensorsHeader } from '../ai-toolkit/safetensors.js';
import { checkpointFileName } from '../ai-toolkit/names.js';
import type { Target } from '../remote/target.js';

/**
 * Has this job already run to its end in this output folder? ai-toolkit resumes from the newest
 * `<name>*.safetensors` it finds, the final file included (reference/ai-toolkit.md §2, "Resume"): launched
 * again with the same steps it loads the final checkpoint and stops at once. With more steps it is a real
 * resume, which is fine.
 */
export async function finishedRun(target: Target, trainingFolder: string, jobName: string, steps: number | null): Promise<{ finalStep: number | null } | null> {
  const path = posix.join(trainingFolder, jobName, checkpointFileName(jobName, null));
  const st = await target.stat(path);
  if (!st) return null;
  const header = await readSafetensorsHeader(target, path, st.size);
  const finalStep = header.ok ? (header.header.trainingInfo?.step ?? null) : null;
  if (finalStep !== null && steps !== null && finalStep < steps) return null;
  return { finalStep };
}
