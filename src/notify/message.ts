import type { NotifyTarget } from './targets.js';

/** One notification: what happened, in a title and a line. */
export interface Notice {
  event: 'finished' | 'failed' | 'red-flag';
  title: string;
  message: string;
}

/** The HTTP request a target gets for a notice: ntfy takes text with a Title header, webhooks JSON. */
export function requestFor(t: NotifyTarget, n: Notice): { contentType: string; headers: Record<string, string>; body: string } {
  if (t.kind === 'ntfy') {
    // Header values must be Latin-1: keep the title plain.
    const title = n.title.replace(/[^\x20-\x7e]/g, '?');
    return { contentType: 'text/plain; charset=utf-8', headers: { Title: title, Tags: n.event === 'finished' ? 'white_check_mark' : 'warning' }, body: n.message };
  }
  const text = `${n.title}: ${n.message}`;
  const json = t.format === 'discord' ? { content: text } : t.format === 'slack' ? { text } : { event: n.event, title: n.title, message: n.message };
  return { contentType: 'application/json', headers: {}, body: JSON.stringify(json) };
}
