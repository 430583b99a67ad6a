import { textEncoderFor } from '../ai-toolkit/text-encoders.js';
import { join } from 'node:path';
import { facesSettings } from '../faces/index.js';
import type { Project } from '../project/index.js';
import type { CheckOptions, CheckProgress } from './check.js';

/**
 * The trigger and passes a check runs with: an explicit trigger wins over the project's; else inferred.
 * Caption length is measured against the text encoder of the project's model preset. Faces are scored when asked
 * for in a project, whose folder keeps their cache (a re-check scores only new images); never in a fast check nor
 * in the demo project (its images are drawn, not photographed).
 */
export function checkOptionsFor(
  project: (Pick<Project, 'trigger'> & Partial<Pick<Project, 'preset' | 'config' | 'faces' | 'demo'>>) | null,
  opts: { trigger?: string; fast?: boolean; faces?: boolean; projectDir?: string | null } = {},
): Pick<CheckOptions, 'trigger' | 'triggerSource' | 'decode' | 'textEncoder' | 'faces'> {
  const trigger = opts.trigger ?? project?.trigger ?? null;
  const faces = opts.faces && opts.projectDir && !opts.fast && !project?.demo ? { settings: facesSettings(project), cacheFile: join(opts.projectDir, '.lorapilot', 'faces.json') } : undefined;
  return { trigger, triggerSource: opts.trigger ? 'option' : trigger ? 'project' : undefined, decode: !opts.fast, textEncoder: projectTextEncoder(project), faces };
}

/** The preset id names the model (flux1-dev, qwen-image, zimage-turbo …). */
export function projectTextEncoder(project: Partial<Pick<Project, 'preset' | 'config'>> | null) {
  return textEncoderFor(project?.config?.preset ?? project?.preset);
}

/** What a running check is doing, in words (the command's progress line, the screen's progress bar). */
export function checkProgressLabel(p: CheckProgress | null): string {
  if (!p || p.phase === 'scan') return 'scanning folders…';
  if (p.phase === 'read') return `reading headers and captions ${p.done}/${p.total}`;
  if (p.phase === 'decode') return `decoding images ${p.done}/${p.total}`;
  if (p.phase === 'faces') return `scoring faces ${p.done}/${p.total}`;
  return '';
}
