import { GUIDE_NEGATIVE, GUIDE_TEST_PROMPTS } from '../config/builder.js';
import { stepTag } from '../ai-toolkit/names.js';
import { planOutputName } from './plan-output.js';
import type { ComfyGraph } from './comfy-graph.js';
import { familyTemplate, type FamilyTemplate } from './comfy-templates.js';
import { buildWorkflow } from './comfy-workflow.js';
import type { ModelFamily, TrainedModel } from './model-family.js';
import { CRITERIA } from './scoring.js';

export { familyTemplate, type FamilyTemplate } from './comfy-templates.js';
export { buildWorkflow, type WorkflowParams } from './comfy-workflow.js';

/**
 * The guide's testing protocol (guide §5.4, §6) as a ComfyUI test plan: for each checkpoint under test,
 * every strength × test prompt × seed is one API-format workflow. The same seeds are used for every
 * checkpoint and strength, so images compare like for like.
 */

/** guide §5.4: "Test strengths: 0.6, 0.7, 0.8, 0.9, 1.0". */
export const DEFAULT_STRENGTHS = [0.6, 0.7, 0.8, 0.9, 1.0];

/** guide §6.2: "Generate 5-10 images per prompt at different seeds". */
export const DEFAULT_SEEDS = 5;
const FIRST_SEED = 1001;

export interface PlanCheckpoint {
  step: number;
  file: string;
}

export interface PlanOptions {
  projectName: string;
  trigger: string;
  model: TrainedModel;
  checkpoints: PlanCheckpoint[];
  strengths?: number[];
  seeds?: number;
  loader?: 'auto' | 'checkpoint';
  base?: string;
  /** Sub-folder of ComfyUI/models/loras the user copies the files into. */
  loraFolder?: string;
}

export interface PlanRun {
  step: number;
  strength: number;
  prompt: number;
  seed: number;
  /** Workflow file, relative to the plan folder. */
  workflow: string;
  outputPrefix: string;
}

export interface TestPlan {
  version: 1;
  project: string;
  trigger: string;
  family: ModelFamily;
  familySource: string;
  models: Record<string, string>;
  loraFolder: string;
  checkpoints: Array<PlanCheckpoint & { loraName: string }>;
  strengths: number[];
  prompts: string[];
  negative: string;
  seeds: number[];
  sampler: { steps: number; cfg: number; guidance?: number; sampler: string; scheduler: string; width: number; height: number };
  assumptions: string[];
  checklist: Array<{ id: string; label: string; question: string }>;
  runs: PlanRun[];
}

type Sampler = TestPlan['sampler'];

/** The template's sampler, with the run's own sample settings where its config has them. */
function samplerFor(template: FamilyTemplate, s: TrainedModel['sample']): Sampler {
  return {
    steps: s.steps ?? template.steps,
    // A family sampled at cfg 1 (guidance-distilled) keeps cfg 1; the config's guidance_scale is FLUX guidance.
    cfg: template.cfg === 1 ? 1 : (s.guidance ?? template.cfg),
    guidance: template.guidance !== undefined ? (s.guidance ?? template.guidance) : undefined,
    sampler: template.sampler,
    scheduler: template.scheduler,
    width: s.width ?? 1024,
    height: s.height ?? 1024,
  };
}

interface RunGrid {
  o: PlanOptions;
  template: FamilyTemplate;
  sampler: Sampler;
  strengths: number[];
  prompts: string[];
  seeds: number[];
  negative: string;
  loraFolder: string;
}

/** Every checkpoint × strength × prompt × seed as one workflow file and one run. */
function planRuns(g: RunGrid): { runs: PlanRun[]; workflows: Map<string, ComfyGraph> } {
  const workflows = new Map<string, ComfyGraph>();
  const runs: PlanRun[] = [];
  const { o, sampler } = g;
  // Checkpoint outermost: ComfyUI keeps the loaded LoRA cached while lora_name stays the same (peers §D).
  for (const c of o.checkpoints) {
    const tag = stepTag(c.step);
    for (const strength of g.strengths) {
      for (let pi = 0; pi < g.prompts.length; pi++) {
        for (const seed of g.seeds) {
          const name = planOutputName(strength, pi + 1, seed);
          const rel = `workflows/step_${tag}/${name}.json`;
          const outputPrefix = `lorapilot/${o.projectName}/step_${tag}/${name}`;
          const graph = buildWorkflow({
            template: g.template,
            loader: o.loader ?? 'auto',
            base: o.base,
            loraName: `${g.loraFolder}/${c.file}`,
            strength,
            prompt: g.prompts[pi],
            negative: g.negative,
            seed,
            width: sampler.width,
            height: sampler.height,
            steps: sampler.steps,
            cfg: sampler.cfg,
            guidance: sampler.guidance,
            filenamePrefix: outputPrefix,
          });
          workflows.set(rel, graph);
          runs.push({ step: c.step, strength, prompt: pi + 1, seed, workflow: rel, outputPrefix });
        }
      }
    }
  }
  return { runs, workflows };
}

/** The base model files ComfyUI must have; --base replaces the family's main file. */
function planModels(o: PlanOptions, template: FamilyTemplate): Record<string, string> {
  if (o.loader === 'checkpoint') return { checkpoint: o.base ?? 'flux1-dev-fp8.safetensors' };
  return { ...template.models, ...(o.base ? { ['checkpoint' in template.models ? 'checkpoint' : 'unet']: o.base } : {}) };
}

function planAssumptions(o: PlanOptions, template: FamilyTemplate, loraFolder: string, seeds: number[]): string[] {
  return [
    `Base model family: ${template.label}, read from ${o.model.source}.`,
    ...template.notes,
    `The LoRA files are expected in ComfyUI/models/loras/${loraFolder}/ (ComfyUI searches that folder recursively).`,
    'LoraLoader applies the same strength to model and text encoder; ai-toolkit trains the model only by default, so strength_clip usually changes nothing.',
    `Seeds ${seeds[0]}…${seeds[seeds.length - 1]} are the same for every checkpoint and strength, so images compare like for like.`,
  ];
}

export function buildPlan(o: PlanOptions): { plan: TestPlan; workflows: Map<string, ComfyGraph> } {
  const template = familyTemplate(o.model.family);
  const strengths = o.strengths ?? DEFAULT_STRENGTHS;
  const seeds = Array.from({ length: o.seeds ?? DEFAULT_SEEDS }, (_, i) => FIRST_SEED + i);
  const prompts = GUIDE_TEST_PROMPTS.map((p) => p.replaceAll('[trigger]', o.trigger));
  const loraFolder = o.loraFolder ?? o.projectName;
  const neg = o.model.sample.neg;
  const negative = neg && neg.trim() ? neg : GUIDE_NEGATIVE;
  const sampler = samplerFor(template, o.model.sample);
  const { runs, workflows } = planRuns({ o, template, sampler, strengths, prompts, seeds, negative, loraFolder });
  const plan: TestPlan = {
    version: 1,
    project: o.projectName,
    trigger: o.trigger,
    family: template.family,
    familySource: o.model.source,
    models: planModels(o, template),
    loraFolder,
    checkpoints: o.checkpoints.map((c) => ({ ...c, loraName: `${loraFolder}/${c.file}` })),
    strengths,
    prompts,
    negative: template.usesNegative ? negative : '',
    seeds,
    sampler,
    assumptions: planAssumptions(o, template, loraFolder, seeds),
    checklist: CRITERIA.map((c) => ({ id: c.id, label: c.label, question: c.question })),
    runs,
  };
  return { plan, workflows };
}
