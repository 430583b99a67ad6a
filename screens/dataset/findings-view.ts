import { countBySeverity, type Finding } from '../../src/dataset/finding.js';
import { isImageFile } from '../../src/dataset/scan.js';

/** Rows of the findings list: a heading per severity, then its findings (pure, for the list window). */
export type FindingRow = { type: 'header'; severity: Finding['severity']; count: number } | { type: 'finding'; index: number };

export function findingRows(findings: readonly Finding[]): FindingRow[] {
  const rows: FindingRow[] = [];
  const counts = countBySeverity(findings);
  let current: Finding['severity'] | null = null;
  findings.forEach((f, index) => {
    if (f.severity !== current) {
      current = f.severity;
      rows.push({ type: 'header', severity: f.severity, count: counts[f.severity] });
    }
    rows.push({ type: 'finding', index });
  });
  return rows;
}

export function rowOfFinding(rows: readonly FindingRow[], index: number): number {
  const r = rows.findIndex((row) => row.type === 'finding' && row.index === index);
  return r < 0 ? 0 : r;
}

/** The image files a finding is about (captions and folders are not previewable). */
export function imagesOf(f: Finding | undefined): string[] {
  return f ? f.files.filter((p) => isImageFile(p)) : [];
}

/** Index of the first finding of the next severity group after `index` (wrapping). */
export function nextGroup(findings: readonly Finding[], index: number): number {
  if (findings.length === 0) return 0;
  const sev = findings[index]?.severity;
  const next = findings.findIndex((f, i) => i > index && f.severity !== sev);
  return next >= 0 ? next : 0;
}

/** The last path segment, for compact rows. */
export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** A finding's name across checks (rule and first file), for reopening at it. */
export function findingKey(f: Finding): string {
  return `${f.rule}:${f.files[0] ?? ''}`;
}

/**
 * Where the selection goes when the list changes under it (the check's decode pass adds findings while the person
 * browses): onto the same finding in the new list, else the same row.
 */
export function followSelection(before: readonly Finding[], after: readonly Finding[], index: number): number {
  const was = before[index];
  const at = was ? after.findIndex((f) => findingKey(f) === findingKey(was)) : -1;
  return at >= 0 ? at : Math.min(index, Math.max(0, after.length - 1));
}
