import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the RunPod API key comes from: RUNPOD_API_KEY, else runpodctl's own config file
 * (`runpodctl config --apiKey …` writes ~/.runpod/config.toml; the Python SDK writes the same file with
 * `api_key` under a `[default]` profile). The key is only ever held in memory: never printed, logged or
 * written into lorapilot.yaml.
 */

export interface ApiKey {
  key: string;
  /** Where it was found, for messages (never the key itself). */
  source: 'RUNPOD_API_KEY' | string;
}

export function runpodctlConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.HOME ?? homedir(), '.runpod', 'config.toml');
}

/** The api key of a runpodctl config.toml: `apikey = "…"` (runpodctl), `api_key = "…"` (SDK profiles). */
export function keyFromToml(text: string): string | null {
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(apikey|apiKey|api_key)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s#]+))/.exec(line);
    const value = m ? (m[2] ?? m[3] ?? m[4] ?? '').trim() : '';
    if (value) return value;
  }
  return null;
}

export async function findApiKey(env: NodeJS.ProcessEnv): Promise<ApiKey | null> {
  const fromEnv = env.RUNPOD_API_KEY?.trim();
  if (fromEnv) return { key: fromEnv, source: 'RUNPOD_API_KEY' };
  const file = runpodctlConfigPath(env);
  const text = await readFile(file, 'utf8').catch(() => null);
  const key = text === null ? null : keyFromToml(text);
  return key ? { key, source: file } : null;
}

export const DEFAULT_API_URL = 'https://api.runpod.io';

/** RUNPOD_API_URL, else `runpod.apiUrl` in lorapilot.yaml, else RunPod's own. */
export function apiUrl(env: NodeJS.ProcessEnv, projectUrl?: string): string {
  return (env.RUNPOD_API_URL?.trim() || projectUrl || DEFAULT_API_URL).replace(/\/+$/, '');
}
