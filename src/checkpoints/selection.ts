import type { Project } from '../project/index.js';
import { CRITERIA, rankCheckpoints, validScore, type CriterionId } from './scoring.js';

/**
 * What the user decides on the Checkpoints step, as pure changes to the project (the command and the
 * screen both go through these, then `updateProject`). Each change refreshes progress.checkpoints.
 */

export function setMarked(p: Project, steps: readonly number[], on: boolean, now = new Date()): Project {
  const set = new Set(p.checkpoints.marked);
  for (const s of steps) {
    if (on) set.add(s);
    else set.delete(s);
  }
  p.checkpoints.marked = [...set].sort((a, b) => a - b);
  return withProgress(p, now);
}

export function toggleMarked(p: Project, step: number, now = new Date()): Project {
  return setMarked(p, [step], !p.checkpoints.marked.includes(step), now);
}

export function choose(p: Project, step: number, note: string, now = new Date()): Project {
  p.checkpoints.chosen = { step, note: note.trim(), at: now.toISOString() };
  return withProgress(p, now);
}

export function setScore(p: Project, step: number, criterion: CriterionId, value: number, now = new Date()): Project {
  if (!validScore(value)) throw new RangeError(`a score is a whole number from 1 to 5, not ${value}`);
  const key = String(step);
  p.checkpoints.scores = { ...p.checkpoints.scores, [key]: { ...(p.checkpoints.scores[key] ?? {}), [criterion]: value } };
  return withProgress(p, now);
}

export function clearScore(p: Project, step: number, criterion: CriterionId, now = new Date()): Project {
  const key = String(step);
  const rest = { ...(p.checkpoints.scores[key] ?? {}) };
  delete rest[criterion];
  const scores = { ...p.checkpoints.scores };
  if (Object.keys(rest).length) scores[key] = rest;
  else delete scores[key];
  p.checkpoints.scores = scores;
  return withProgress(p, now);
}

/** `chose step 750 — cleanest skin`: how a choice reads everywhere it is reported. */
export function choseText(step: number, note: string): string {
  return `chose step ${step}${note.trim() ? ` — ${note.trim()}` : ''}`;
}

/** The step's conclusion for the wizard header: done once a checkpoint is chosen. */
export function checkpointsSummary(p: Project): { status: 'todo' | 'attention' | 'done'; summary: string } {
  const c = p.checkpoints;
  const ranked = rankCheckpoints(Object.keys(c.scores).map(Number), c.scores).filter((r) => r.rank !== null);
  const best = ranked[0] ? `; best scored: step ${ranked[0].step} (${ranked[0].mean!.toFixed(1)}/5)` : '';
  if (c.chosen) return { status: 'done', summary: choseText(c.chosen.step, c.chosen.note) };
  if (c.marked.length) return { status: 'attention', summary: `${c.marked.length} marked (${c.marked.join(', ')}), none chosen yet${best}` };
  return { status: 'todo', summary: `no checkpoint marked${best}` };
}

function withProgress(p: Project, now: Date): Project {
  const s = checkpointsSummary(p);
  p.progress = { ...p.progress, checkpoints: { status: s.status, at: now.toISOString(), summary: s.summary } };
  return p;
}

export { CRITERIA };
