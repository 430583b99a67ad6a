import { useEffect, useRef, useState } from 'react';
import type { Project } from '../../src/project/index.js';
import { LocalTarget } from '../../src/remote/local-target.js';
import { saveOffset } from '../../src/pod/pod-service.js';
import { openRunTarget } from '../../src/pod/run-target.js';
import { stopProjectRun, type StopOutcome } from '../../src/pod/stop.js';
import { TargetError, type Target } from '../../src/remote/target.js';
import { jobMonitorOptions, recordMonitorProgress, replayOutputFolder } from '../../src/training/job-options.js';
import { startMonitor, type MonitorOptions } from '../../src/training/monitor.js';
import { notificationBytes, notifyMode, type NotifyMode } from '../../src/training/notify.js';
import type { RunModel } from '../../src/training/run-model.js';

export interface MonitorParams {
  replay?: string;
  follow?: MonitorOptions['follow'];
  epochSteps?: number | null;
  notify?: NotifyMode;
}

export interface MonitorSession {
  source: 'job' | 'replay' | 'none';
  model: RunModel | null;
  /** Where the run is: `root@1.2.3.4:22041`, `local`, or the replayed file. */
  where: string;
  error: { message: string; hint?: string } | null;
  /** Stop the run (SIGINT, ai-toolkit's clean stop); only for the project's launched run. */
  stop: (() => Promise<StopOutcome>) | null;
}

/**
 * Starts the monitor service for the screen: the replayed file, or the project's launched run on its
 * target (kept connected while the screen is open, closed on unmount). Offsets and the step's
 * conclusion are written to the project as the run goes.
 */
export function useMonitorSession(dir: string, project: Project | null, params: MonitorParams, onRecorded?: () => void): MonitorSession {
  const recordedRef = useRef(onRecorded);
  recordedRef.current = onRecorded;
  const [session, setSession] = useState<MonitorSession>({ source: 'none', model: null, where: '', error: null, stop: null });
  const job = project?.job ?? null;
  const jobKey = job ? `${job.host}\0${job.log}\0${job.startedAt ?? ''}` : '';
  const projectRef = useRef(project);
  projectRef.current = project;

  useEffect(() => {
    const abort = new AbortController();
    let target: Target | null = null;
    let latest = 0;
    let saved = 0;
    const mode = notifyMode(params.notify ?? process.env.LORAPILOT_NOTIFY);
    const ring = (msg: string) => {
      const bytes = notificationBytes(mode, msg);
      if (bytes && process.stdout.isTTY) process.stdout.write(bytes);
    };
    const common = {
      signal: abort.signal,
      onFlag: (f: { severity: string; message: string }) => {
        if (f.severity !== 'info') ring(f.message);
      },
      onEvent: (e: { type: string; exitCode?: number | null }) => {
        if (e.type === 'finished' && e.exitCode !== null && e.exitCode !== undefined) ring(e.exitCode === 0 ? 'training finished' : 'training failed');
      },
    };
    void (async () => {
      const p = projectRef.current;
      if (params.replay) {
        target = new LocalTarget();
        const output = await replayOutputFolder(params.replay);
        const h = startMonitor({ ...common, target, log: params.replay, from: 0, follow: params.follow ?? true, output, sampleCache: null, stepsPerEpoch: params.epochSteps ?? null });
        setSession({ source: 'replay', model: h.model, where: params.replay, error: null, stop: null });
        return;
      }
      if (!p?.job) {
        setSession({ source: 'none', model: null, where: '', error: null, stop: null });
        return;
      }
      const j = p.job;
      setSession({ source: 'job', model: null, where: j.host, error: null, stop: null });
      target = await openRunTarget(p);
      if (abort.signal.aborted) return;
      const base = await jobMonitorOptions(dir, p, target);
      let lastSave = 0;
      saved = j.offset;
      const t = target;
      const h = startMonitor({
        ...base,
        ...common,
        onEvent: (e) => {
          common.onEvent(e);
          // the run's verdict is recorded at once, not when the screen closes
          if (e.type === 'finished') {
            const snap = h.model.snapshot();
            latest = snap.offset;
            saved = snap.offset;
            void saveOffset(dir, snap.offset)
              .then(() => recordMonitorProgress(dir, snap))
              .then(() => recordedRef.current?.())
              .catch(() => {});
          }
        },
        follow: true,
        stepsPerEpoch: params.epochSteps ?? base.stepsPerEpoch,
        onOffset: (offset) => {
          latest = offset;
          if (Date.now() - lastSave < 2000 || offset === saved) return;
          lastSave = Date.now();
          saved = offset;
          void saveOffset(dir, offset).catch(() => {});
        },
      });
      setSession({ source: 'job', model: h.model, where: t.label, error: null, stop: () => stopProjectRun({ dir, project: p, target: t }) });
      await h.done;
    })().catch((e: unknown) => {
      if (abort.signal.aborted) return;
      const err = e instanceof TargetError ? { message: e.message, hint: e.hint } : { message: (e as Error).message };
      setSession((s) => ({ ...s, error: err }));
    });
    return () => {
      abort.abort();
      // where reading stopped, for the next attach (the write finishes even while the app exits)
      if (latest !== saved) void saveOffset(dir, latest).catch(() => {});
      void (target as Target | null)?.close().catch(() => {});
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dir, jobKey, params.replay, params.follow, params.epochSteps, params.notify]);

  return session;
}
