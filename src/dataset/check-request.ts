import type { Project } from '../project/index.js';
import type { CheckOptions, CheckProgress } from './check.js';

/** The trigger and passes a check runs with: an explicit trigger wins over the project's; else inferred. */
export function checkOptionsFor(project: Pick<Project, 'trigger'> | null, opts: { trigger?: string; fast?: boolean } = {}): Pick<CheckOptions, 'trigger' | 'triggerSource' | 'decode'> {
  const trigger = opts.trigger ?? project?.trigger ?? null;
  return { trigger, triggerSource: opts.trigger ? 'option' : trigger ? 'project' : undefined, decode: !opts.fast };
}

/** What a running check is doing, in words (the command's progress line, the screen's progress bar). */
export function checkProgressLabel(p: CheckProgress | null): string {
  if (!p || p.phase === 'scan') return 'scanning folders…';
  if (p.phase === 'read') return `reading headers and captions ${p.done}/${p.total}`;
  if (p.phase === 'decode') return `decoding images ${p.done}/${p.total}`;
  return '';
}
