import type { NotifySection } from '../project/sections/notify.js';

/**
 * Where notifications go, from lorapilot.yaml's `notify` and the environment (which wins, so a secret URL
 * can stay out of the project file): LORAPILOT_NTFY_TOPIC, LORAPILOT_NTFY_SERVER, LORAPILOT_WEBHOOK_URL,
 * LORAPILOT_WEBHOOK_FORMAT (json | discord | slack).
 */
export type WebhookFormat = 'json' | 'discord' | 'slack';

export type NotifyTarget = { kind: 'ntfy'; url: string } | { kind: 'webhook'; url: string; format: WebhookFormat };

export const DEFAULT_NTFY_SERVER = 'https://ntfy.sh';

export function notifyTargets(section: NotifySection | undefined, env: NodeJS.ProcessEnv): NotifyTarget[] {
  const out: NotifyTarget[] = [];
  const topic = env.LORAPILOT_NTFY_TOPIC?.trim() || section?.ntfy?.topic;
  if (topic) {
    const server = (env.LORAPILOT_NTFY_SERVER?.trim() || section?.ntfy?.server || DEFAULT_NTFY_SERVER).replace(/\/+$/, '');
    out.push({ kind: 'ntfy', url: `${server}/${encodeURIComponent(topic)}` });
  }
  const hook = env.LORAPILOT_WEBHOOK_URL?.trim() || section?.webhook?.url;
  if (hook) {
    const f = env.LORAPILOT_WEBHOOK_FORMAT?.trim();
    const format: WebhookFormat = f === 'discord' || f === 'slack' || f === 'json' ? f : (section?.webhook?.format ?? guessFormat(hook));
    out.push({ kind: 'webhook', url: hook, format });
  }
  return out;
}

/** Discord and Slack webhook URLs say what they are. */
function guessFormat(url: string): WebhookFormat {
  if (/discord(app)?\.com\/api\/webhooks\//.test(url)) return 'discord';
  if (/hooks\.slack\.com\//.test(url)) return 'slack';
  return 'json';
}

/**
 * A target as it may be shown: scheme and host only. An ntfy topic, a Discord or Slack webhook token and
 * any query string are secrets that grant posting, so no path or query is ever printed.
 */
export function targetLabel(t: NotifyTarget): string {
  let host = 'the configured URL';
  try {
    const u = new URL(t.url);
    host = `${u.protocol}//${u.host}/…`;
  } catch {
    // an unparsable URL is still not printed
  }
  return t.kind === 'ntfy' ? `ntfy ${host}` : `${t.format === 'json' ? 'webhook' : `${t.format} webhook`} ${host}`;
}
