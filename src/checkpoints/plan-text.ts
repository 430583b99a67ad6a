import { glyph } from '../text/glyphs.js';
import type { TestPlan } from './comfy-plan.js';
import { CRITERIA } from './scoring.js';

/** How a written test plan reads; `rel` is the plan folder relative to the project. */

export function planWrittenText(p: TestPlan, rel: string): string {
  return `wrote ${p.runs.length} ComfyUI workflows to ${rel}/ (${p.checkpoints.length} checkpoint(s) × ${p.strengths.length} strengths × ${p.prompts.length} prompts × ${p.seeds.length} seeds)`;
}

export function queueCommand(rel: string): string {
  return `python3 ${rel}/queue.py http://127.0.0.1:8188`;
}

/** The command's report: what was written, then the four steps to test with it. */
export function planLines(p: TestPlan, rel: string): string[] {
  const s = p.sampler;
  return [
    `${glyph.success} ${planWrittenText(p, rel)}`,
    `  model: ${p.family} (from ${p.familySource}); sampler ${s.sampler}/${s.scheduler}, ${s.steps} steps, cfg ${s.cfg}${s.guidance !== undefined ? `, guidance ${s.guidance}` : ''}`,
    `  1. copy ${p.checkpoints.map((x) => `loras/${x.file}`).join(', ')} to ComfyUI/models/loras/${p.loraFolder}/`,
    `  2. make sure ComfyUI has ${Object.values(p.models).join(', ')}`,
    `  3. queue them: ${queueCommand(rel)}`,
    `  4. score each checkpoint (${CRITERIA.map((x) => x.id).join(', ')}, 1–5) on the Checkpoints screen or with 'lorapilot checkpoints score'; checklist: ${rel}/checklist.md`,
  ];
}
