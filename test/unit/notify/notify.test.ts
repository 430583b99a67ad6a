import { describe, expect, it } from 'vitest';
import { requestFor } from '../../../src/notify/message.js';
import { runnerSpec } from '../../../src/notify/runner-spec.js';
import { sendNotice } from '../../../src/notify/send.js';
import { notifyTargets, targetLabel } from '../../../src/notify/targets.js';
import { startHookServer } from '../../helpers/hook-server.js';

const notice = { event: 'failed' as const, title: 'lorapilot: maya_v1', message: 'training failed (exit code 1)' };

describe('notification targets', () => {
  it('come from lorapilot.yaml, the environment winning, and guess Discord and Slack from their URLs', () => {
    const t = notifyTargets({ ntfy: { topic: 'maya-file-topic' }, webhook: { url: 'https://discord.com/api/webhooks/123/TOKEN', format: 'json' }, redFlags: true }, {});
    expect(t).toEqual([
      { kind: 'ntfy', url: 'https://ntfy.sh/maya-file-topic' },
      { kind: 'webhook', url: 'https://discord.com/api/webhooks/123/TOKEN', format: 'json' },
    ]);
    const env = notifyTargets(undefined, { LORAPILOT_NTFY_TOPIC: 'envtopic', LORAPILOT_NTFY_SERVER: 'http://ntfy.local/', LORAPILOT_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/SECRET' });
    expect(env).toEqual([
      { kind: 'ntfy', url: 'http://ntfy.local/envtopic' },
      { kind: 'webhook', url: 'https://hooks.slack.com/services/T/B/SECRET', format: 'slack' },
    ]);
  });
  it('are shown without the topic, token or query that grant posting', () => {
    const labels = notifyTargets(undefined, { LORAPILOT_NTFY_TOPIC: 'secret-topic-42', LORAPILOT_WEBHOOK_URL: 'https://example.com/hook?token=SECRET' }).map(targetLabel);
    expect(labels).toEqual(['ntfy https://ntfy.sh/…', 'webhook https://example.com/…']);
    expect(labels.join(' ')).not.toMatch(/secret|SECRET/);
  });
  it('get the body each service reads: ntfy text with a Title, Discord content, Slack text, generic JSON', () => {
    expect(requestFor({ kind: 'ntfy', url: 'http://x/t' }, notice)).toMatchObject({ headers: { Title: 'lorapilot: maya_v1' }, body: 'training failed (exit code 1)' });
    expect(JSON.parse(requestFor({ kind: 'webhook', url: 'http://x', format: 'discord' }, notice).body)).toEqual({ content: 'lorapilot: maya_v1: training failed (exit code 1)' });
    expect(JSON.parse(requestFor({ kind: 'webhook', url: 'http://x', format: 'slack' }, notice).body)).toEqual({ text: 'lorapilot: maya_v1: training failed (exit code 1)' });
    expect(JSON.parse(requestFor({ kind: 'webhook', url: 'http://x', format: 'json' }, notice).body)).toEqual(notice);
  });
  it('the runner\'s spec is one base64 line with no empty field', () => {
    const spec = runnerSpec([{ kind: 'webhook', url: 'http://h/x', format: 'json' }], 'maya_v1');
    expect(spec).toMatch(/^[A-Za-z0-9+/=]+$/);
    const fields = Buffer.from(spec, 'base64').toString('utf8').trimEnd().split('\t');
    expect(fields).toHaveLength(5);
    expect(fields.every((f) => f.length > 0)).toBe(true);
    expect(runnerSpec([], 'maya_v1')).toBe('');
  });
});

describe('sending', () => {
  it('posts to each target, and a failing one is a result naming it without its secret', async () => {
    const ok = await startHookServer();
    const bad = await startHookServer(500);
    try {
      const r = await sendNotice(
        [
          { kind: 'ntfy', url: `${ok.url}/topic-SECRET` },
          { kind: 'webhook', url: `${bad.url}/hook/SECRET`, format: 'discord' },
          { kind: 'webhook', url: 'http://127.0.0.1:1/none', format: 'json' },
        ],
        notice,
      );
      expect(r.map((x) => x.ok)).toEqual([true, false, false]);
      expect(r[1].error).toBe('HTTP 500');
      expect(JSON.stringify(r)).not.toContain('SECRET');
      expect(ok.requests[0]).toMatchObject({ method: 'POST', path: '/topic-SECRET', body: 'training failed (exit code 1)' });
      expect(ok.requests[0].headers.title).toBe('lorapilot: maya_v1');
      expect(JSON.parse(bad.requests[0].body)).toEqual({ content: 'lorapilot: maya_v1: training failed (exit code 1)' });
    } finally {
      await ok.close();
      await bad.close();
    }
  });
});
