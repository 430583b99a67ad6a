import { availableParallelism } from 'node:os';
import type { FacesSection } from '../project/index.js';

/** How many threads may score: LORAPILOT_FACE_WORKERS, else faces.workers, else one per core. */
export function workerLimit(settings: FacesSection, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number.parseInt(env.LORAPILOT_FACE_WORKERS ?? '', 10);
  const limit = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (settings.workers ?? availableParallelism());
  return Math.max(1, Math.min(limit, availableParallelism() * 2));
}
