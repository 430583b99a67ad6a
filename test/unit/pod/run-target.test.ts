import { describe, expect, it } from 'vitest';
import type { Project } from '../../../src/project/index.js';
import { runPlace, samePlace } from '../../../src/pod/run-target.js';

type Where = Pick<Project, 'pod' | 'job'>;
const pod = (p: Partial<NonNullable<Project['pod']>>): Project['pod'] => ({ target: 'ssh', root: '/workspace/lorapilot', stopPodWhenDone: false, ...p });
const job = (host: string): Project['job'] => ({ host, folder: '/w/maya/runs/1', name: 'maya_v1', config: '/w/c.yaml', log: '/w/run.log', offset: 0, rehearsal: false });

describe('where the project run is', () => {
  it('a run launched on this machine stays here, whatever the pod is now', () => {
    expect(runPlace({ pod: pod({ host: 'gpu' }), job: job('local') })).toEqual({ local: true });
  });
  it("a run on a pod is reached through the project's pod host (alias, key, port), else the host it ran on", () => {
    expect(runPlace({ pod: pod({ host: 'gpu' }), job: job('root@203.0.113.7:22041') })).toEqual({ local: false, host: 'gpu' });
    expect(runPlace({ pod: undefined, job: job('root@203.0.113.7:22041') })).toEqual({ local: false, host: 'root@203.0.113.7:22041' });
    expect(runPlace({ pod: pod({ target: 'local' }), job: job('root@203.0.113.7:22041') })).toEqual({ local: false, host: 'root@203.0.113.7:22041' });
  });
  it('without a run, the pod is the place', () => {
    const none: Where = { pod: pod({ target: 'local' }), job: undefined };
    expect(runPlace(none)).toEqual({ local: true });
    expect(runPlace({ pod: pod({}), job: undefined })).toEqual({ local: false, host: null });
  });
  it('one connection serves two places only when they are the same machine', () => {
    expect(samePlace({ local: true }, { local: true })).toBe(true);
    expect(samePlace({ local: false, host: 'gpu' }, { local: false, host: 'gpu' })).toBe(true);
    expect(samePlace({ local: false, host: 'gpu' }, { local: false, host: 'root@1.2.3.4:22' })).toBe(false);
    expect(samePlace({ local: true }, { local: false, host: 'gpu' })).toBe(false);
  });
});
