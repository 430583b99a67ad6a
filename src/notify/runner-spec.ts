import { requestFor, type Notice } from './message.js';
import type { NotifyTarget } from './targets.js';

/**
 * What the runner on the pod needs to send its own word when the run ends, so a closed laptop still hears:
 * one line per target — URL, content type, the body for a clean end and the body for a failure, with
 * `__CODE__` where the exit code goes — tab-separated, then base64 so it travels as one line on the launch
 * command's stdin (never in argv, a file or a log, like HF_TOKEN).
 */
export const CODE_MARK = '__CODE__';

export function runnerNotices(jobName: string): { ok: Notice; fail: Notice } {
  return {
    ok: { event: 'finished', title: `lorapilot: ${jobName}`, message: 'training finished (exit code 0)' },
    fail: { event: 'failed', title: `lorapilot: ${jobName}`, message: `training failed (exit code ${CODE_MARK})` },
  };
}

export function runnerSpec(targets: NotifyTarget[], jobName: string): string {
  if (targets.length === 0) return '';
  const { ok, fail } = runnerNotices(jobName);
  const lines = targets.map((t) => {
    const a = requestFor(t, ok);
    const b = requestFor(t, fail);
    // Quotes and backslashes would end a curl config string early; none belongs in a URL or our titles.
    const plain = (f: string) => f.replace(/[\t\n\r]/g, ' ').replace(/["\\]/g, '') || '-';
    return [plain(t.url), plain(a.contentType), plain(a.headers.Title ?? ''), a.body.replace(/[\t\n\r]/g, ' ') || '-', b.body.replace(/[\t\n\r]/g, ' ') || '-'].join('\t');
  });
  return Buffer.from(lines.join('\n') + '\n', 'utf8').toString('base64');
}
