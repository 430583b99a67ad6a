import { useEffect, useRef, useState } from 'react';
import type { Project } from '../../src/project/index.js';
import { openRunTarget } from '../../src/pod/run-target.js';
import { stopProjectRun, type StopOutcome } from '../../src/pod/stop.js';
import { TargetError, type Target } from '../../src/remote/target.js';
import type { MonitorOptions } from '../../src/training/monitor.js';
import { monitorNotifier, notifyMode, type NotifyMode } from '../../src/training/notify.js';
import type { RunModel } from '../../src/training/run-model.js';
import { watchJob, watchReplay } from '../../src/training/watch.js';
import { replayOutputFolder } from '../../src/training/job-options.js';
import { LocalTarget } from '../../src/remote/local-target.js';
import { sampleSettings, type SampleSettings } from '../../src/checkpoints/sample-settings.js';

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
  /** Read the run's sample prompts and seeds (its config.yaml appears once ai-toolkit starts). */
  readSamples: (() => Promise<SampleSettings>) | null;
}

/**
 * Starts the monitor service for the screen: the replayed file, or the project's launched run on its
 * target (kept connected while the screen is open, closed on unmount). The watch services write the
 * offset and the step's conclusion to the project as the run goes, the same way the command does.
 */
export function useMonitorSession(dir: string, project: Project | null, params: MonitorParams, onRecorded?: () => void): MonitorSession {
  const recordedRef = useRef(onRecorded);
  recordedRef.current = onRecorded;
  const [session, setSession] = useState<MonitorSession>({ source: 'none', model: null, where: '', error: null, stop: null, readSamples: null });
  const job = project?.job ?? null;
  const jobKey = job ? `${job.host}\0${job.log}\0${job.startedAt ?? ''}` : '';
  const projectRef = useRef(project);
  projectRef.current = project;

  useEffect(() => {
    const abort = new AbortController();
    let target: Target | null = null;
    const notifier = monitorNotifier(notifyMode(params.notify ?? process.env.LORAPILOT_NOTIFY), (bytes) => {
      if (process.stdout.isTTY) process.stdout.write(bytes);
    });
    const common = { signal: abort.signal, onEvent: notifier.onEvent, onFlag: notifier.onFlag };
    void (async () => {
      const p = projectRef.current;
      if (params.replay) {
        const h = await watchReplay({ ...common, file: params.replay, follow: params.follow, epochSteps: params.epochSteps, project: p });
        const output = await replayOutputFolder(params.replay);
        const local = new LocalTarget();
        setSession({ source: 'replay', model: h.model, where: params.replay, error: null, stop: null, readSamples: output ? () => sampleSettings(local, output) : null });
        return;
      }
      if (!p?.job) {
        setSession({ source: 'none', model: null, where: '', error: null, stop: null, readSamples: null });
        return;
      }
      const j = p.job;
      setSession({ source: 'job', model: null, where: j.host, error: null, stop: null, readSamples: null });
      target = await openRunTarget(p);
      if (abort.signal.aborted) return;
      const t = target;
      const h = await watchJob({ ...common, dir, project: p, target, epochSteps: params.epochSteps, onRecorded: () => recordedRef.current?.() });
      const output = j.output ?? null;
      setSession({ source: 'job', model: h.model, where: t.label, error: null, stop: () => stopProjectRun({ dir, project: p, target: t }), readSamples: output ? () => sampleSettings(t, output) : null });
      await h.done;
    })().catch((e: unknown) => {
      if (abort.signal.aborted) return;
      const err = e instanceof TargetError ? { message: e.message, hint: e.hint } : { message: (e as Error).message };
      setSession((s) => ({ ...s, error: err }));
    });
    return () => {
      // watchJob saves where reading stopped, for the next attach (the write finishes even while the app exits)
      abort.abort();
      void (target as Target | null)?.close().catch(() => {});
    };
  }, [dir, jobKey, params.replay, params.follow, params.epochSteps, params.notify]);

  return session;
}
