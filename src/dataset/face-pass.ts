import { FaceModelError, FaceScanner } from '../faces/index.js';
import type { FacesSection } from '../project/index.js';
import type { Finding } from './finding.js';
import { faceFindings, faceShareOf, type FaceInput } from './rules/faces.js';

/** What the check needs to score faces: the project's face settings and where results are cached. */
export interface FacePassOptions {
  settings: FacesSection;
  /** `.lorapilot/faces.json` of the project; null: no cache (a folder outside a project). */
  cacheFile: string | null;
}

export interface FacePassImage {
  path: string;
  rel: string;
  kind: FaceInput['kind'];
  closeup: boolean;
}

export interface FacePassResult {
  findings: Finding[];
  /** rel → the one face's share of the image height, for the composition counts. */
  faceShare: Map<string, number>;
}

/**
 * Score the character and real-body images for faces and turn the result into findings. A missing face
 * runtime is one note with the install line, never a failed check.
 */
export async function facePass(images: readonly FacePassImage[], opts: FacePassOptions, hooks: { signal?: AbortSignal; onProgress?: (done: number, total: number, current: string) => void } = {}): Promise<FacePassResult> {
  const wanted = images.filter((i) => i.kind !== 'unknown');
  const faceShare = new Map<string, number>();
  if (wanted.length === 0) return { findings: [], faceShare };
  const scanner = await FaceScanner.create(opts.settings, opts.cacheFile);
  try {
    const results = await scanner.scanAll(wanted, { signal: hooks.signal, onProgress: (p) => hooks.onProgress?.(p.done, p.total, p.current) });
    const inputs: FaceInput[] = [];
    for (const i of wanted) {
      const r = results.get(i.rel);
      // Undecodable images are reported by the decode pass already.
      if (!r?.ok) continue;
      inputs.push({ rel: i.rel, kind: i.kind, closeup: i.closeup, faces: r.faces });
      const share = faceShareOf(r.faces);
      if (share !== undefined) faceShare.set(i.rel, share);
    }
    return { findings: faceFindings(inputs, await scanner.threshold()), faceShare };
  } catch (e) {
    if (e instanceof FaceModelError) return { faceShare, findings: [{ rule: 'faces.unavailable', severity: 'info', files: [], message: `faces were not checked: ${e.message.split('\n')[0]}`, fix: e.message.split('\n').slice(1).join(' ').trim() || 'see lorapilot.yaml faces.model' }] };
    throw e;
  } finally {
    await scanner.close().catch(() => {});
  }
}
