/**
 * Reading back the images ComfyUI writes for a test plan (pure). The plan's SaveImage prefix is
 * `lorapilot/<project>/step_<step:09d>/s<strength:.2f>_p<prompt>_seed<seed>`, and ComfyUI appends
 * `_<counter:05d>_.png`; every part is delimited, so a name reads back to exactly one run.
 */

export interface PlanOutputName {
  step: number;
  strength: number;
  prompt: number;
  seed: number;
}

const FOLDER_RE = /(?:^|\/)step_(\d{9})\/([^/]+)$/;
const FILE_RE = /^s(\d+\.\d{2})_p(\d+)_seed(\d+)(?:_\d+_?)?\.(?:png|jpe?g|webp)$/i;

export function parsePlanOutput(rel: string): PlanOutputName | null {
  const m = FOLDER_RE.exec(rel);
  if (!m) return null;
  const f = FILE_RE.exec(m[2]);
  if (!f) return null;
  return { step: Number(m[1]), strength: Number(f[1]), prompt: Number(f[2]), seed: Number(f[3]) };
}

/** The name part of a run's SaveImage prefix, the inverse of parsePlanOutput's file part. */
export function planOutputName(strength: number, prompt: number, seed: number): string {
  return `s${strength.toFixed(2)}_p${prompt}_seed${seed}`;
}
