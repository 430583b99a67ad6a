import { z } from 'zod';
import { updateProject } from '../project/index.js';
import type { Target } from '../remote/target.js';
import { setupCommand } from './doctor.js';

/** `lorapilot pod setup`: install ai-toolkit on the pod and remember where it is. */

export const DEFAULT_AI_TOOLKIT_DIR = '/workspace/ai-toolkit';

export const setupJson = z.strictObject({
  ok: z.boolean(),
  target: z.string(),
  aiToolkit: z.string(),
  exitCode: z.number().int().nullable(),
});
export type SetupJson = z.infer<typeof setupJson>;

export interface SetupOutcome {
  ok: boolean;
  exitCode: number | null;
  /** What to say next (the next step, or where the reason is). */
  message: string;
}

export function setupStartText(aiToolkit: string, targetLabel: string): string {
  return `Installing ai-toolkit into ${aiToolkit} on ${targetLabel} (git clone, venv, requirements)…`;
}

/** Runs the install, streaming its output; on success the project's pod.aiToolkit points at it. */
export async function setupPod(o: { dir: string; target: Target; aiToolkit: string; onStdout?: (c: Buffer) => void; onStderr?: (c: Buffer) => void }): Promise<SetupOutcome> {
  const r = await o.target.exec(setupCommand(o.aiToolkit), { onStdout: o.onStdout, onStderr: o.onStderr });
  if (r.code !== 0) return { ok: false, exitCode: r.code, message: `setup failed (exit ${r.code}); the output above says why` };
  await updateProject(o.dir, (p) => {
    if (p.pod) p.pod.aiToolkit = o.aiToolkit;
  });
  return { ok: true, exitCode: 0, message: 'Done. Check the pod again: lorapilot pod doctor' };
}

export function setupJsonOf(r: SetupOutcome, targetLabel: string, aiToolkit: string): SetupJson {
  return { ok: r.ok, target: targetLabel, aiToolkit, exitCode: r.exitCode };
}
