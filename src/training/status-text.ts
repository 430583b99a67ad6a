import { glyph } from '../text/glyphs.js';
import { phaseLabel } from './format.js';
import type { RunSnapshot } from './run-model.js';

/**
 * A run's status and connection as words with a tone. The tone names a meaning, not a colour: a
 * face that draws colour maps it to its theme, a plain-text face ignores it (the glyph carries it).
 */
export type Tone = 'success' | 'error' | 'warning' | 'info' | 'secondary';

export interface ToneText {
  text: string;
  tone: Tone;
}

export function statusText(s: Pick<RunSnapshot, 'status' | 'exitCode' | 'phase'>): ToneText {
  switch (s.status) {
    case 'finished':
      return { text: `${glyph.success} finished`, tone: 'success' };
    case 'failed':
      return { text: `${glyph.error} failed (exit ${s.exitCode})`, tone: 'error' };
    case 'stopped':
      return { text: `${glyph.stopped} stopped`, tone: 'warning' };
    case 'died':
      return { text: `${glyph.error} trainer gone`, tone: 'error' };
    case 'ended':
      return { text: `${glyph.stopped} log ended`, tone: 'secondary' };
    case 'starting':
      return { text: `starting${glyph.ellipsis}`, tone: 'secondary' };
    default:
      return { text: `${glyph.info} ${s.phase ? phaseLabel(s.phase) : 'running'}`, tone: 'info' };
  }
}

export function connectionText(c: RunSnapshot['connection']): ToneText {
  switch (c.state) {
    case 'local':
      return { text: 'local', tone: 'secondary' };
    case 'connected':
      return { text: `${glyph.info} connected`, tone: 'success' };
    case 'connecting':
      return { text: `${glyph.unmarked} connecting${glyph.ellipsis}`, tone: 'warning' };
    case 'reconnecting':
      return { text: `${glyph.unmarked} reconnecting in ${Math.round(c.inMs / 1000)} s (try ${c.attempt})`, tone: 'warning' };
    case 'lost':
      return { text: `${glyph.error} connection lost, retrying`, tone: 'error' };
    case 'closed':
      return { text: 'disconnected', tone: 'secondary' };
  }
}

/** A run that failed or died: the monitor command exits 1 for it. */
export function runFailed(s: Pick<RunSnapshot, 'status'>): boolean {
  return s.status === 'failed' || s.status === 'died';
}
