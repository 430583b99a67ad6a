import { z } from 'zod';
import { updateProject, type Project } from '../project/index.js';
import { glyph } from '../text/glyphs.js';
import { plural } from '../text/format.js';
import { withPodHost } from './run-target.js';
import { doctorCheck, type CheckStatus, type DoctorReport } from './doctor.js';

/**
 * The doctor's verdict as every face shows and records it: `lorapilot pod doctor` and the Pod screen read
 * the same lines, write the same summary to lorapilot.yaml and print the same JSON.
 */

export const doctorJson = z.strictObject({
  ok: z.boolean(),
  target: z.string(),
  checks: z.array(doctorCheck.strict()),
  aiToolkit: z.string().nullable(),
  python: z.string().nullable(),
  summary: z.strictObject({ ok: z.number().int(), warn: z.number().int(), fail: z.number().int() }),
});
export type DoctorJson = z.infer<typeof doctorJson>;

export function doctorJsonOf(r: DoctorReport): DoctorJson {
  return { ok: r.summary.fail === 0, target: r.target, checks: r.checks, aiToolkit: r.aiToolkit, python: r.python, summary: r.summary };
}

const MARK: Record<CheckStatus, () => string> = { ok: () => glyph.success, warn: () => glyph.warning, fail: () => glyph.error };

export function checkMark(status: CheckStatus): string {
  return MARK[status]();
}

export interface DoctorLine {
  status: CheckStatus;
  /** `✔ GPU           NVIDIA L40S, 46 GB free` */
  text: string;
  /** `→ what to do`; null when there is nothing to do. */
  fix: string | null;
  /** Columns before the detail: a face aligning the fix under it indents by this much. */
  detailColumn: number;
}

/** One line per check (and its fix), labels padded to one column. */
export function doctorLines(r: DoctorReport): DoctorLine[] {
  const width = Math.max(0, ...r.checks.map((c) => c.label.length)) + 2;
  return r.checks.map((c) => ({
    status: c.status,
    text: `${checkMark(c.status)} ${c.label.padEnd(width)}${c.detail}`,
    fix: c.fix ? `${glyph.arrow} ${c.fix}` : null,
    detailColumn: width + 2,
  }));
}

/** `5 ok, 1 warning, 0 failed` */
export function doctorSummaryText(s: DoctorReport['summary']): string {
  return `${s.ok} ok, ${plural(s.warn, 'warning')}, ${s.fail} failed`;
}

/** What the Pod step records after a doctor run (unless a run was already launched). */
export function doctorProgressSummary(r: DoctorReport): string {
  return r.summary.fail > 0 ? `doctor: ${plural(r.summary.fail, 'problem')} on ${r.target}` : `doctor ok on ${r.target}; next: lorapilot train`;
}

/**
 * Record a doctor run: the host it was given (a new pod host is remembered), the ai-toolkit folder it found
 * when none was configured, and the Pod step's summary.
 */
export async function recordDoctor(dir: string, r: DoctorReport, host?: string): Promise<Project> {
  return updateProject(dir, (p) => {
    if (host) withPodHost(p, host);
    if (r.aiToolkit && p.pod && !p.pod.aiToolkit) p.pod.aiToolkit = r.aiToolkit;
    if (p.progress.pod?.status !== 'done') p.progress.pod = { status: 'attention', at: new Date().toISOString(), summary: doctorProgressSummary(r) };
  });
}
