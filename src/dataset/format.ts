import { displayPath } from '../text/display.js';
import { formatCount as fmt, plural } from '../text/format.js';
import { glyph } from '../text/glyphs.js';
import { countsText, type Finding } from './finding.js';
import type { CheckReport } from './report.js';

/** Plain-text rendering of a check report for `lorapilot check` (no colour: it is read in logs and CI). */

const TITLE = { error: 'error', warning: 'warning', info: 'note' } as const;
/** Findings of one rule beyond this many are summarised ("… and 12 more"). */
const PER_RULE = 5;
const SEP = ` ${glyph.separator} `;

export { displayPath };

export function kindLabel(kind: 'character' | 'realbody' | 'unknown'): string {
  return kind === 'realbody' ? 'real body' : kind === 'character' ? 'character' : 'loose';
}

export function formatSummary(r: CheckReport): string[] {
  const lines: string[] = [];
  lines.push(`Dataset ${displayPath(r.root)}`);
  lines.push(`Trigger ${r.trigger ?? '(unknown)'}${r.trigger ? ` (${r.triggerSource === 'inferred' ? 'from the captions' : r.triggerSource === 'project' ? 'from lorapilot.yaml' : 'from --trigger'})` : ''}`);
  const folders = r.folders.filter((f) => f.images > 0);
  const w = Math.max(8, ...folders.map((f) => displayPath(f.rel || '.').length));
  for (const f of folders) {
    lines.push(`  ${displayPath(f.rel || '.').padEnd(w)}  ${kindLabel(f.kind).padEnd(9)}  ${String(f.images).padStart(4)} images × ${String(f.repeats ?? 1).padStart(2)} = ${fmt(f.perEpoch).padStart(6)}`);
  }
  lines.push(`  images per epoch ${fmt(r.imagesPerEpoch)} (guide: 70 × 40 + 30 × 20 = 3,400)`);
  const c = r.composition.character;
  const b = r.composition.realbody;
  if (r.totals.character > 0) lines.push(`  character shots   close-up ${c.closeup.have}/${c.closeup.target}${SEP}full body ${c.fullbody.have}/${c.fullbody.target}${SEP}variety ${c.variety.have}/${c.variety.target}`);
  if (r.totals.realbody > 0) lines.push(`  real-body parts   legs ${b.legs.have}/${b.legs.target}${SEP}torso ${b.torso.have}/${b.torso.target}${SEP}full body ${b.fullbody.have}/${b.fullbody.target}`);
  if (!r.decoded) lines.push('  (fast check: corruption, blur and near duplicates were not checked; run without --fast)');
  return lines;
}

export function formatFinding(f: Finding): string[] {
  const files = f.files.length === 0 ? '' : f.files.length <= 2 ? f.files.map(displayPath).join(', ') : `${f.files.slice(0, 2).map(displayPath).join(', ')} +${f.files.length - 2}`;
  const out = [`  ${glyph[f.severity]} ${f.rule}${files ? `  ${files}` : ''}`, `      ${f.message}`];
  if (f.fix && f.fix !== 'nothing to do') out.push(`      ${glyph.arrow} ${f.fix}`);
  return out;
}

export function formatReport(r: CheckReport): string {
  const lines = formatSummary(r);
  for (const sev of ['error', 'warning', 'info'] as const) {
    const fs = r.findings.filter((f) => f.severity === sev);
    if (fs.length === 0) continue;
    lines.push('', `${glyph[sev]} ${plural(fs.length, TITLE[sev])}`);
    const shown = new Map<string, number>();
    for (const f of fs) {
      const n = shown.get(f.rule) ?? 0;
      shown.set(f.rule, n + 1);
      if (n < PER_RULE) lines.push(...formatFinding(f));
    }
    for (const [rule, n] of shown) if (n > PER_RULE) lines.push(`  ${glyph.ellipsis} and ${n - PER_RULE} more ${rule} (all of them: --json)`);
  }
  lines.push('', `Verdict: ${r.verdict.text} (${countsText(r.counts)}; ${(r.durationMs / 1000).toFixed(1)} s)`);
  return lines.join('\n');
}

/** One line for project.progress.dataset.summary. */
export function progressSummary(r: CheckReport): string {
  return [plural(r.totals.images, 'image'), plural(r.counts.error, 'error'), plural(r.counts.warning, 'warning')].join(SEP) + (r.decoded ? '' : ' (fast check)');
}
