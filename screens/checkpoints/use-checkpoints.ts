import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckpointIndex } from '../../src/checkpoints/checkpoint-index.js';
import { checkpointDeps } from '../../src/checkpoints/deps.js';
import type { HeaderResult } from '../../src/ai-toolkit/safetensors.js';
import type { SampleRef } from '../../src/checkpoints/pairing.js';
import { fetchSample } from '../../src/checkpoints/sample-cache.js';
import { indexProject, openCheckpoints, type OpenResult } from '../../src/checkpoints/session.js';
import { projectPaths } from '../../src/checkpoints/source.js';
import type { Project } from '../../src/project/index.js';
import type { Target } from '../../src/remote/target.js';

export type SessionState =
  | { phase: 'connecting' }
  | { phase: 'error'; message: string; fix: string }
  | { phase: 'ready'; index: CheckpointIndex; host: string; refreshing: boolean };

const REFRESH_MS = 15_000;

/**
 * Connect to where the checkpoints are, index them, and keep the index fresh while the screen is open
 * (a running job keeps saving). Header reads are cached, so a refresh costs two listings.
 */
export function useCheckpointSession(dir: string, project: Project | null, folder?: string) {
  const [state, setState] = useState<SessionState>({ phase: 'connecting' });
  const openRef = useRef<Extract<OpenResult, { ok: true }> | null>(null);
  const headerCache = useRef(new Map<string, HeaderResult>());
  const projectRef = useRef(project);
  projectRef.current = project;
  const busy = useRef(false);

  const refresh = useCallback(async () => {
    const o = openRef.current;
    const p = projectRef.current;
    if (!o || !p || busy.current) return;
    busy.current = true;
    setState((s) => (s.phase === 'ready' ? { ...s, refreshing: true } : s));
    try {
      const index = await indexProject(p, dir, o, { headerCache: headerCache.current });
      setState({ phase: 'ready', index, host: o.source.host, refreshing: false });
    } catch (e) {
      setState({ phase: 'error', message: (e as Error).message, fix: 'Press u to try again.' });
    } finally {
      busy.current = false;
    }
  }, [dir]);

  const hasProject = project !== null;
  useEffect(() => {
    if (!hasProject) return;
    let live = true;
    let timer: NodeJS.Timeout | null = null;
    void (async () => {
      const r = await openCheckpoints(projectRef.current!, dir, { folder, ...checkpointDeps() });
      if (!live) {
        if (r.ok) await r.target.close();
        return;
      }
      if (!r.ok) {
        setState({ phase: 'error', message: r.message, fix: r.fix });
        return;
      }
      openRef.current = r;
      await refresh();
      if (live) timer = setInterval(() => void refresh(), REFRESH_MS);
    })();
    return () => {
      live = false;
      if (timer) clearInterval(timer);
      void openRef.current?.target.close();
      openRef.current = null;
    };
  }, [dir, folder, hasProject, refresh]);

  return { state, refresh, target: () => openRef.current?.target ?? null, paths: projectPaths(dir) };
}

export type SampleState = { status: 'loading' } | { status: 'ok'; path: string } | { status: 'error'; message: string };

/** Fetch the given samples into the project's cache (once each), newest request first. */
export function useSampleFiles(getTarget: () => Target | null, index: CheckpointIndex | null, cacheDir: string, wanted: readonly SampleRef[]) {
  const [files, setFiles] = useState<ReadonlyMap<string, SampleState>>(new Map());
  const known = useRef(new Map<string, SampleState>());
  const key = wanted.map((s) => `${s.file}:${s.size}`).join('|');
  useEffect(() => {
    const target = getTarget();
    if (!target || !index) return;
    let live = true;
    void (async () => {
      for (const s of wanted) {
        if (!live) break;
        const id = `${s.file}:${s.size}`;
        const have = known.current.get(id);
        if (have && have.status !== 'error') continue;
        known.current.set(id, { status: 'loading' });
        const r = await fetchSample(target, index.folder, index.jobName, s, cacheDir);
        known.current.set(id, r.ok ? { status: 'ok', path: r.path } : { status: 'error', message: r.message });
        setFiles(new Map(known.current));
      }
    })();
    return () => {
      live = false;
    };
  }, [key, index, cacheDir]);
  return (s: SampleRef): SampleState => files.get(`${s.file}:${s.size}`) ?? { status: 'loading' };
}
