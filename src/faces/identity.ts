/**
 * Identity math on face descriptors (pure). face-api's descriptors are compared by euclidean distance;
 * under the threshold (0.6 for face-api) two faces are the same person.
 */

export function distance(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return Math.sqrt(s);
}

/**
 * The dataset's identity: the coordinate-wise trimmed mean of its descriptors around the medoid.
 * A plain mean would be pulled by a stray face (a friend in the background, a wrong photo); the medoid is
 * the descriptor closest to all others, and only the descriptors nearest it (the closest `keep` share) are averaged.
 */
export function robustCentroid(descriptors: ReadonlyArray<readonly number[]>, keep = 0.8): number[] | null {
  if (descriptors.length === 0) return null;
  if (descriptors.length <= 2) return mean(descriptors);
  const m = medoid(descriptors);
  const byDistance = descriptors.map((d) => ({ d, dist: distance(d, m) })).sort((a, b) => a.dist - b.dist);
  const n = Math.max(2, Math.floor(descriptors.length * keep));
  return mean(byDistance.slice(0, n).map((x) => x.d));
}

export function medoid(descriptors: ReadonlyArray<readonly number[]>): readonly number[] {
  let best = descriptors[0];
  let bestSum = Infinity;
  for (const a of descriptors) {
    let s = 0;
    for (const b of descriptors) s += distance(a, b);
    if (s < bestSum) {
      bestSum = s;
      best = a;
    }
  }
  return best;
}

function mean(ds: ReadonlyArray<readonly number[]>): number[] {
  const out = new Array<number>(ds[0].length).fill(0);
  for (const d of ds) for (let i = 0; i < out.length; i++) out[i] += d[i] / ds.length;
  return out;
}

export type IdentityVerdict = 'same' | 'different' | 'no-face';

export function verdict(dist: number | null, threshold: number): IdentityVerdict {
  if (dist === null) return 'no-face';
  return dist < threshold ? 'same' : 'different';
}

export const VERDICT_TEXT: Record<IdentityVerdict, string> = { same: 'same person', different: 'not the same person', 'no-face': 'no face' };
