import { z } from 'zod';
import { jobSection } from '../project/sections/job.js';
import { plural } from '../text/format.js';
import { glyph } from '../text/glyphs.js';
import { doctorCheck } from './doctor.js';
import type { TrainOutcome, TrainPhase } from './pod-service.js';

/** A launch as every face tells it: the phases, the headline, the summary lines and `lorapilot train --json`. */

export function trainPhaseText(phase: TrainPhase, targetLabel: string): string | null {
  switch (phase) {
    case 'checking':
      return `Checking ${targetLabel}…`;
    case 'uploading':
      return 'Uploading the dataset and config…';
    case 'launching':
      return 'Launching ai-toolkit…';
    case 'launched':
      return null;
  }
}

/** `Rehearsal training started on local (run 20261124-213259, pid 13826, detached with setsid).` */
export function trainHeadline(out: TrainOutcome, targetLabel: string): string {
  return `${out.job.rehearsal ? 'Rehearsal training' : 'Training'} started on ${targetLabel} (run ${out.launch.run.id}, pid ${out.launch.pid}, detached with ${out.launch.detach}).`;
}

export function trainWarnings(out: TrainOutcome): TrainOutcome['doctor']['checks'] {
  return out.doctor.checks.filter((c) => c.status === 'warn');
}

/** What `lorapilot train` prints after a launch. */
export function trainLines(out: TrainOutcome, targetLabel: string, stopPodWhenDone: boolean): string[] {
  const lines = [
    trainHeadline(out, targetLabel),
    `  uploaded ${plural(out.upload.uploaded.length, 'file')}, ${out.upload.skipped} unchanged`,
    `  log      ${out.job.log}`,
    `  output   ${out.job.output}`,
  ];
  if (stopPodWhenDone) lines.push('  the pod stops itself when training ends');
  for (const w of trainWarnings(out)) lines.push(`  ${glyph.warning} ${w.label}: ${w.detail}${w.fix ? ` (${w.fix})` : ''}`);
  lines.push('Follow it with: lorapilot attach   (or lorapilot monitor for the loss chart)');
  return lines;
}

export const trainJson = z.strictObject({
  ok: z.literal(true),
  job: jobSection,
  run: z.string(),
  detach: z.string(),
  uploaded: z.number().int(),
  skipped: z.number().int(),
  warnings: z.array(doctorCheck.strict()),
});
export type TrainJson = z.infer<typeof trainJson>;

export function trainJsonOf(out: TrainOutcome): TrainJson {
  return { ok: true, job: out.job, run: out.launch.run.id, detach: out.launch.detach, uploaded: out.upload.uploaded.length, skipped: out.upload.skipped, warnings: trainWarnings(out) };
}
