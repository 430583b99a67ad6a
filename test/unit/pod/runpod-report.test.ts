import { describe, expect, it } from 'vitest';
import { podCostText, podListLines, podRow, runpodStatusLines } from '../../../src/pod/runpod-report.js';
import type { Pod } from '../../../src/runpod/api-schema.js';

const now = new Date('2026-12-01T22:30:00Z');
const pod = (over: Partial<Pod>): Pod => ({ id: 'abc123', name: 'lorapilot-maya', status: 'RUNNING', image: 'ostris/aitoolkit:latest', args: '', disk: 50, ports: ['22/tcp'], env: {}, registry: null, costPerHr: 0.86, lastStartedAt: '2026-12-01T20:00:00Z', gpu: { id: 'NVIDIA L40S', count: 1 }, ...over });

describe('pods as the faces tell them', () => {
  it('pod list: what each costs per hour, since when, and so far; the project\'s pod marked', () => {
    const rows = [podRow(pod({}), now), podRow(pod({ id: 'old999', status: 'EXITED' }), now)];
    expect(rows[0]).toMatchObject({ costPerHr: 0.86, costSoFar: 2.15, since: '2026-12-01T20:00:00Z' });
    expect(rows[1].costSoFar).toBeNull();
    const lines = podListLines(rows, now, 'abc123');
    expect(lines[0]).toMatch(/^\* abc123 +lorapilot-maya +NVIDIA L40S +\$0\.86\/h +running 2:30:00 \(since 2026-12-01 20:00 UTC\), \$2\.15 so far$/);
    expect(lines[1]).toMatch(/^ {2}old999 .* exited$/);
    expect(lines.at(-1)).toBe("* this project's pod");
  });
  it('a name from the API cannot drive the terminal', () => {
    expect(podRow(pod({ name: 'evil\x1b]0;pwned\x07\x1b[2J' }), now).name).toBe('evil');
  });
  it('status and the Monitor header: cost so far, and the total at the ETA; nothing for a stopped pod', () => {
    const project = { runpod: { podId: 'abc123', costPerHr: 0.86, since: '2026-12-01T20:00:00Z' } };
    expect(podCostText(project, now, 7200)).toBe('$2.15 so far · ~$3.87 at the ETA');
    expect(runpodStatusLines(project, now)).toEqual(['runpod   pod abc123, $0.86/h', 'pod cost $2.15 so far']);
    expect(runpodStatusLines({ runpod: { podId: 'abc123', costPerHr: 0.86 } }, now)).toEqual(['runpod   pod abc123, $0.86/h (stopped)']);
    expect(podCostText({}, now, 10)).toBeNull();
  });
});
