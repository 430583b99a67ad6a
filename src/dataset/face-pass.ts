import { FaceModelError, FaceScanner } from '../faces/index.js';
import type { FacesSection } from '../project/index.js';
import type { Finding } from './finding.js';
import { faceFindings, type FaceInput } from './rules/faces.js';

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

/**
 * Score the character and real-body images for faces and turn the result into findings. A missing face
 * runtime is one note with the install line, never a failed check.
 */
export async function facePass(images: readonly FacePassImage[], opts: FacePassOptions, hooks: { signal?: AbortSignal; onProgress?: (done: number, total: number, current: string) => void } = {}): Promise<Finding[]> {
  const wanted = images.filter((i) => i.kind !== 'unknown');
  if (wanted.length === 0) return [];
  const scanner = await FaceScanner.create(opts.settings, opts.cacheFile);
  try {
    const results = await scanner.scanAll(wanted, { signal: hooks.signal, onProgress: (p) => hooks.onProgress?.(p.done, p.total, p.current) });
    const inputs: FaceInput[] = [];
    for (const i of wanted) {
      const r = results.get(i.rel);
      // Undecodable images are reported by the decode pass already.
      if (r?.ok) inputs.push({ rel: i.rel, kind: i.kind, closeup: i.closeup, faces: r.faces });
    }
    return faceFindings(inputs, await scanner.threshold());
  } catch (e) {
    if (e instanceof FaceModelError) return [{ rule: 'faces.unavailable', severity: 'info', files: [], message: `faces were not checked: ${e.message.split('\n')[0]}`, fix: e.message.split('\n').slice(1).join(' ').trim() || 'see lorapilot.yaml faces.model' }];
    throw e;
  } finally {
    await scanner.close().catch(() => {});
  }
}
