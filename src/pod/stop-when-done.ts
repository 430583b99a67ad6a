import type { Project } from '../project/index.js';
import { findApiKey } from '../runpod/key.js';

/**
 * Whether a run stops its pod when it ends: the user's word (`--stop-pod-when-done`, pod.stopPodWhenDone,
 * runpod.stopWhenDone) first; otherwise on for a pod lorapilot created while an API key is present, since an
 * idle L40S left running overnight is the costliest mistake of the journey.
 */
export async function stopWhenDone(project: Project, env: NodeJS.ProcessEnv, flag?: boolean): Promise<boolean> {
  if (flag !== undefined) return flag;
  if (project.pod?.stopPodWhenDone) return true;
  if (project.runpod?.stopWhenDone !== undefined) return project.runpod.stopWhenDone;
  return !!project.runpod?.podId && (await findApiKey(env)) !== null;
}
