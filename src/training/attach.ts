import { z } from 'zod';
import { followRun } from '../pod/job.js';
import { jobRun, jobState } from '../pod/pod-service.js';
import type { JobSection } from '../project/sections/job.js';
import type { TailChange } from '../remote/tail.js';
import { TargetError, type Target } from '../remote/target.js';
import { tailChangeEvent } from './log-flags.js';
import { DEFAULT_STALL_MINUTES, watchStall } from './stall.js';
import { OffsetSaver } from './offset-saver.js';

/**
 * `lorapilot attach`: the run's raw log from the offset lorapilot.yaml records, with that offset kept
 * up to date (the same OffsetSaver as the monitor), so the next attach continues exactly where this
 * one stopped.
 */
export const attachChunkSchema = z.strictObject({ offset: z.number().int().nonnegative(), text: z.string() });
export const attachEndSchema = z.strictObject({
  state: z.enum(['running', 'exited', 'vanished', 'not-started']),
  exitCode: z.number().int().nullable(),
  offset: z.number().int().nonnegative(),
});
export type AttachChunk = z.infer<typeof attachChunkSchema>;
export type AttachEnd = z.infer<typeof attachEndSchema>;

export interface AttachOptions {
  dir: string;
  job: JobSection;
  target: Target;
  /** --from; else the recorded offset. */
  from?: number;
  signal: AbortSignal;
  onChunk: (offset: number, data: Buffer) => void;
  /** The log was truncated, deleted or replaced, or has stalled: what to tell the user. */
  onNotice?: (message: string) => void;
  /** Silence of a live run's log before a stall is told (default: DEFAULT_STALL_MINUTES). */
  stallMs?: number;
}

export async function attachRun(o: AttachOptions): Promise<AttachEnd> {
  let offset = o.from ?? o.job.offset;
  const saver = new OffsetSaver(o.dir, offset);
  const stop = new AbortController();
  o.signal.addEventListener('abort', () => stop.abort(), { once: true });
  let grewAt = Date.now();
  watchStall({
    target: o.target,
    run: jobRun(o.job),
    stallMs: o.stallMs ?? DEFAULT_STALL_MINUTES * 60_000,
    lastGrowth: () => ({ at: grewAt, offset }),
    gpu: o.target.kind === 'ssh',
    signal: stop.signal,
    onStall: (f) => o.onNotice?.(`${f.message}. ${f.advice}`),
  });
  try {
    const onChange = (c: TailChange) => o.onNotice?.(tailChangeEvent(c, o.job.log, true).message);
    for await (const c of followRun(o.target, jobRun(o.job), offset, o.signal, undefined, onChange)) {
      o.onChunk(c.offset, c.data);
      offset = c.offset;
      grewAt = Date.now();
      saver.offer(offset);
    }
  } catch (e) {
    stop.abort();
    await saver.flush(offset);
    if (e instanceof TargetError) throw new TargetError(e.code, `${e.message} (read up to byte ${offset})`, 'run lorapilot attach again: it continues from there');
    throw e;
  }
  stop.abort();
  await saver.flush(offset);
  const state = await jobState(o.target, o.job);
  return { state: state.state, exitCode: state.state === 'exited' ? state.exitCode : null, offset };
}

export function attachStartText(job: JobSection, where: string, offset: number): string {
  return `Attached to ${job.name} on ${where}${offset > 0 ? ` from byte ${offset}` : ''} (Ctrl+C detaches; training continues)`;
}

/** What attach says when it ends: detached by the user, or the run's own end. */
export function attachEndText(end: AttachEnd, detached: boolean): string | null {
  if (detached) return `Detached at byte ${end.offset}; training continues. lorapilot attach resumes here.`;
  if (end.state === 'exited') return `The run ended with exit code ${end.exitCode}${end.exitCode === 0 ? '' : ' (failed: the end of the log says why)'}.`;
  if (end.state === 'vanished') return 'The run is gone without an exit code (killed, or the pod restarted).';
  return null;
}

/** attach fails only when the run did. */
export function attachFailed(end: AttachEnd): boolean {
  return end.state === 'exited' && end.exitCode !== 0;
}
