import type { Finding } from '../dataset/finding.js';
import { formatBytes } from '../text/format.js';
import { glyph } from '../text/glyphs.js';
import { oneLine } from '../text/sanitize.js';
import type { CheckpointEntry, CheckpointIndex } from './index-types.js';

/** The checkpoint table's cells, as both faces show them (each lays them out in its own columns). */
export interface CheckpointCells {
  /** The step number, `?` when unknown; `final` says whether it is the final file. */
  step: string;
  final: boolean;
  epoch: string;
  loss: string;
  size: string;
  where: string;
  /** What is wrong with the file's header, null when nothing is. */
  problem: string | null;
}

/** An empty cell: not known (no header epoch and no step math, no loss log). */
export const NONE = '–';

/** Where the file is, as the user reads it: on a local run the "pod" is the run folder. */
export function whereLabel(c: CheckpointEntry, local: boolean): string {
  switch (c.where) {
    case 'partial':
      return `partial ${Math.floor((c.localBytes / Math.max(1, c.size)) * 100)}%`;
    case 'pod':
      return local ? 'run' : 'pod';
    case 'both':
      return local ? 'run+loras' : 'both';
    case 'local':
      return local ? 'loras' : 'local';
    case 'differs':
      return 'differs';
  }
}

export function checkpointCells(c: CheckpointEntry, local: boolean): CheckpointCells {
  return {
    step: c.step === null ? '?' : String(c.step),
    final: c.final,
    epoch: c.epoch === null ? NONE : String(c.epoch),
    loss: c.loss === null ? NONE : c.loss.toFixed(4),
    size: formatBytes(c.size),
    where: whereLabel(c, local),
    problem: c.header === 'bad' ? oneLine(c.headerProblem ?? 'bad header') : null,
  };
}

/** The command's table: aligned columns, a header line, and a header problem after its row. */
export function tableLines(rows: readonly CheckpointEntry[], local = false): string[] {
  const head = ['step', 'epoch', 'loss', 'size', 'where', 'marked', 'chosen'];
  const all = rows.map((c) => checkpointCells(c, local));
  const cells = rows.map((c, i) => [`${all[i].step}${c.final ? ' (final)' : ''}`, all[i].epoch, all[i].loss, all[i].size, all[i].where, c.marked ? glyph.marked : '', c.chosen ? glyph.success : '']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const fmt = (r: string[]) => '  ' + r.map((v, i) => (i < 4 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(head), ...cells.map((r, i) => fmt(r) + (all[i].problem ? `  ${glyph.warning} ${all[i].problem}` : ''))];
}

/** The counts both faces show above or below the table. */
export interface ListCounts {
  checkpoints: number;
  prompts: number;
  /** Listed checkpoints whose step is marked. */
  marked: number;
  chosen: number | null;
  /** Findings worth a look (warnings and errors). */
  problems: number;
}

export function listCounts(index: CheckpointIndex, marked: readonly number[], chosen: number | null): ListCounts {
  const m = new Set(marked);
  return {
    checkpoints: index.checkpoints.length,
    prompts: index.promptCount,
    marked: index.checkpoints.filter((c) => c.step !== null && m.has(c.step)).length,
    chosen,
    problems: index.findings.filter((f) => f.severity !== 'info').length,
  };
}

/** `4 checkpoint(s), 3 sample prompt(s), 2 marked, chosen: step 750`, the line under the command's table. */
export function countsLine(n: ListCounts): string {
  return `${n.checkpoints} checkpoint(s), ${n.prompts} sample prompt(s)${n.marked ? `, ${n.marked} marked` : ''}${n.chosen !== null ? `, chosen: step ${n.chosen}` : ''}`;
}

/** A finding as two lines: what, with its severity glyph, then what to do. */
export function findingLines(f: Finding): [string, string] {
  return [`${glyph[f.severity]} ${oneLine(f.message)}`, `  ${oneLine(f.fix)}`];
}
