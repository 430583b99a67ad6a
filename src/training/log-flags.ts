import type { LogEvent } from './events.js';
import type { RedFlag } from './red-flag-kinds.js';

/** Lines longer than this are cut: a bar redraw is ~150 bytes, a traceback line a few hundred. */
export const MAX_LINE = 64 * 1024;

export function lineCutEvent(): LogEvent {
  return { type: 'log', issue: 'line-cut', message: `a log line longer than ${MAX_LINE / 1024} KiB was cut to its first ${MAX_LINE / 1024} KiB` };
}

const ADVICE: Record<LogEvent['issue'], string> = {
  'line-cut': 'Nothing ai-toolkit prints is that long: the log holds something else (binary output, a dump without newlines). Training events around it are still read.',
  truncated: 'Something emptied or rewrote the log (a log rotation, or a second run writing to the same file). Reading starts again from its first byte.',
  replaced: 'The log was deleted and a new file appeared under its name: reading it from its first byte.',
  deleted: 'The trainer may still be writing to the deleted file, but nothing can read it any more. Check the run on the pod (lorapilot pod doctor); relaunching with lorapilot train resumes from the newest checkpoint.',
};

/** One flag per kind of log trouble: a second cut line updates the first flag rather than adding one. */
export function logFlag(e: LogEvent): RedFlag {
  return { id: `log-${e.issue}`, kind: 'log', severity: e.issue === 'deleted' ? 'error' : 'warning', step: null, message: e.message, advice: ADVICE[e.issue] };
}

/** What the tail saw happen to the followed file, as an event for the run. */
export function tailChangeEvent(c: { kind: 'truncated' | 'deleted' | 'replaced'; offset: number }, log: string, waits: boolean): LogEvent {
  switch (c.kind) {
    case 'truncated':
      return { type: 'log', issue: 'truncated', message: `the log was truncated (it is shorter than the ${c.offset} bytes already read): reading it again from the start` };
    case 'replaced':
      return { type: 'log', issue: 'replaced', message: `the log ${log} came back as a new file: reading it from the start` };
    case 'deleted':
      return { type: 'log', issue: 'deleted', message: `the log ${log} was deleted after ${c.offset} bytes${waits ? ': waiting for the run to end' : ': stopped following it'}` };
  }
}
