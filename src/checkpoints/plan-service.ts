import { resolve } from 'node:path';
import type { Project } from '../project/index.js';
import type { CheckpointIndex } from './checkpoint-index.js';
import { buildPlan, DEFAULT_SEEDS, DEFAULT_STRENGTHS, type TestPlan } from './comfy-plan.js';
import { writePlan } from './comfy-plan-files.js';
import { trainedModel } from './model-family.js';
import { checkpointFileName } from '../ai-toolkit/names.js';
import { projectPaths } from './source.js';

export interface TestPlanRequest {
  project: Project;
  dir: string;
  /** The current index when the checkpoints could be listed; file names then come from it. */
  index: CheckpointIndex | null;
  jobName: string;
  /** Steps to test; default: the chosen and the marked ones. */
  steps?: Array<number | 'final'>;
  seeds?: number;
  strengths?: number[];
  loader?: 'auto' | 'checkpoint';
  base?: string;
  out?: string;
}

export type TestPlanResult = { ok: true; plan: TestPlan; folder: string } | { ok: false; message: string };

/** Build and write the ComfyUI test plan for a project (the command and the screen share this). */
export async function writeTestPlan(r: TestPlanRequest): Promise<TestPlanResult> {
  const c = r.project.checkpoints;
  const wanted = r.steps?.length ? r.steps : [...new Set([...(c.chosen ? [c.chosen.step] : []), ...c.marked])].sort((a, b) => a - b);
  if (wanted.length === 0) return { ok: false, message: 'no checkpoint to test: mark candidates first, or name the steps' };
  const chosen: Array<{ step: number; file: string }> = [];
  for (const w of wanted) {
    const e = r.index ? (w === 'final' ? r.index.checkpoints.find((x) => x.final) : r.index.checkpoints.find((x) => x.step === w)) : undefined;
    if (e && e.step !== null) chosen.push({ step: e.step, file: e.file });
    else if (w === 'final') return { ok: false, message: "cannot resolve the final checkpoint's step" };
    // reference/ai-toolkit.md §2: <name>_<step:09d>.safetensors.
    else chosen.push({ step: w, file: checkpointFileName(r.jobName, w) });
  }
  const model = await trainedModel(r.dir, r.project.config.file, r.project.config.preset ?? r.project.preset);
  const { plan, workflows } = buildPlan({
    projectName: r.jobName,
    trigger: r.project.trigger,
    model,
    checkpoints: chosen,
    strengths: r.strengths ?? DEFAULT_STRENGTHS,
    seeds: r.seeds ?? DEFAULT_SEEDS,
    loader: r.loader,
    base: r.base,
  });
  const folder = r.out ? resolve(r.dir, r.out) : projectPaths(r.dir).plan;
  await writePlan(folder, plan, workflows);
  return { ok: true, plan, folder };
}
