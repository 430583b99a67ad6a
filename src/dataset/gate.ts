import { unsafeDatasetPath } from '../project/pod-layout.js';
import type { Finding } from './finding.js';
import type { DatasetScan, OtherEntry } from './scan.js';

/**
 * What must never leave this machine as part of the dataset, whatever else is wrong with it: a link to
 * a file outside the dataset (it would send that file: a private key uploaded as `leak.jpg`), a name that
 * is not UTF-8 (nothing can open or recreate it by its name on the pod), and a path that would land
 * outside the dataset folder there. `check` reports each as an error, and upload and train refuse while
 * any is left: one gate for all three.
 */
export const GATE_RULES = {
  linkOutside: 'layout.link-outside',
  badName: 'layout.name-not-utf8',
  unsafePath: 'layout.unsafe-path',
} as const;

export function linkOutsideFinding(o: OtherEntry): Finding {
  return {
    rule: GATE_RULES.linkOutside,
    severity: 'error',
    files: [o.rel],
    message: `symbolic link to ${o.message ?? 'a file'}, outside the dataset: never followed or uploaded`,
    fix: 'copy the file into the dataset instead of linking it, or remove the link',
  };
}

export function badNameFinding(o: OtherEntry): Finding {
  return {
    rule: GATE_RULES.badName,
    severity: 'error',
    files: [o.rel],
    message: `file name is not UTF-8 (${o.message ?? 'invalid bytes'}): it cannot be uploaded under its name, and ai-toolkit's messages about it fail`,
    fix: 'rename it with plain letters, digits, - and _ (e.g. convmv -f latin1 -t utf8)',
  };
}

/** Every reason the dataset cannot be sent, as error findings (empty when it can). Pure. */
export function datasetGate(scan: Pick<DatasetScan, 'others' | 'images' | 'captions'>): Finding[] {
  const out: Finding[] = [];
  for (const o of scan.others) {
    if (o.kind === 'link-outside') out.push(linkOutsideFinding(o));
    else if (o.kind === 'bad-name') out.push(badNameFinding(o));
  }
  for (const f of [...scan.images, ...scan.captions]) {
    const why = unsafeDatasetPath(f.rel);
    if (why) {
      out.push({ rule: GATE_RULES.unsafePath, severity: 'error', files: [f.rel], message: `this path would leave the dataset folder on the pod (${why})`, fix: 'rename it' });
    }
  }
  return out;
}

const GATE_RULE_IDS: ReadonlySet<string> = new Set(Object.values(GATE_RULES));

/** A finding of the gate, among a check's findings. */
export function isGateFinding(f: Finding): boolean {
  return GATE_RULE_IDS.has(f.rule);
}

/** The gate's verdict in one sentence, for the upload and the launch that refuse. */
export function gateRefusal(findings: readonly Finding[]): { message: string; hint: string } {
  const first = findings[0];
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : '';
  return {
    message: `${JSON.stringify(first.files[0] ?? '')}: ${first.message}${more}`,
    hint: `${first.fix}; lorapilot check lists every one`,
  };
}
