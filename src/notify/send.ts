import { requestFor, type Notice } from './message.js';
import { targetLabel, type NotifyTarget } from './targets.js';

export interface SendResult {
  /** The target as it may be shown (no secret part of the URL). */
  target: string;
  ok: boolean;
  error?: string;
}

/**
 * Send a notice to every target. Never throws and never says the URL: a failed send is a result with the
 * target's label and the HTTP status or network error.
 */
export async function sendNotice(targets: NotifyTarget[], n: Notice, timeoutMs = 10_000): Promise<SendResult[]> {
  return Promise.all(
    targets.map(async (t): Promise<SendResult> => {
      const label = targetLabel(t);
      const r = requestFor(t, n);
      try {
        const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': r.contentType, ...r.headers }, body: r.body, signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer().catch(() => undefined);
        return res.ok ? { target: label, ok: true } : { target: label, ok: false, error: `HTTP ${res.status}` };
      } catch (e) {
        const code = (e as { cause?: { code?: string } }).cause?.code;
        return { target: label, ok: false, error: code ?? (e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : 'network error') };
      }
    }),
  );
}
