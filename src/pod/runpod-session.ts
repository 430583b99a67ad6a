import type { Project } from '../project/index.js';
import { RunpodClient } from '../runpod/client.js';
import { RunpodError } from '../runpod/errors.js';
import { apiUrl, findApiKey } from '../runpod/key.js';

/** A client for the project's RunPod account, or a RunpodError saying where a key goes. */
export async function runpodClient(project: Pick<Project, 'runpod'>, env: NodeJS.ProcessEnv): Promise<RunpodClient> {
  const key = await findApiKey(env);
  if (!key) {
    throw new RunpodError('no-key', 'no RunPod API key', 'set RUNPOD_API_KEY, or run runpodctl config --apiKey … (lorapilot reads ~/.runpod/config.toml; it never stores the key)');
  }
  return new RunpodClient(key.key, apiUrl(env, project.runpod?.apiUrl));
}

/** The project's pod id, or the one given; a RunpodError when there is none. */
export function podIdOf(project: Pick<Project, 'runpod'>, given?: string): string {
  const id = given ?? project.runpod?.podId;
  if (!id) throw new RunpodError('not-found', 'this project has no RunPod pod yet', 'create one: lorapilot pod create (or give a pod id)');
  return id;
}
