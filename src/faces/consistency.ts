import type { ImageFaces } from './cache.js';
import { distance, robustCentroid, verdict, type IdentityVerdict } from './identity.js';
import { hammingDistance } from './phash.js';

/**
 * Judging generated images against the training identity (pure): the guide's "95%+ face consistency" (§6.3)
 * measured, and its overfit symptom "generated images identical to training" (§7) detected.
 */

/** A sample this close to a training face (descriptor) AND this close as a whole picture (pHash bits) is a copy. */
export const MEMORISED_DESCRIPTOR = 0.3;
export const MEMORISED_HASH_BITS = 10;

export interface Reference {
  /** The training image, relative to the dataset. */
  image: string;
  descriptor: number[];
  hash: string;
}

export interface TrainingIdentity {
  centroid: number[];
  threshold: number;
  references: Reference[];
}

export function trainingIdentity(references: Reference[], threshold: number): TrainingIdentity | null {
  const centroid = robustCentroid(references.map((r) => r.descriptor));
  return centroid ? { centroid, threshold, references } : null;
}

export interface Memorised {
  image: string;
  distance: number;
  hashBits: number;
}

export interface Judgement {
  faces: number;
  /** Distance of the face nearest the identity; null without a face. */
  distance: number | null;
  verdict: IdentityVerdict;
  memorised: Memorised | null;
}

export function judge(img: ImageFaces, id: TrainingIdentity): Judgement {
  if (img.faces.length === 0) return { faces: 0, distance: null, verdict: 'no-face', memorised: null };
  // Several faces: the one most like the character is the one the LoRA drew (the others are extras).
  const best = img.faces.map((f) => ({ f, d: distance(f.descriptor, id.centroid) })).sort((a, b) => a.d - b.d)[0];
  let memorised: Memorised | null = null;
  for (const r of id.references) {
    const d = distance(best.f.descriptor, r.descriptor);
    if (d >= MEMORISED_DESCRIPTOR) continue;
    const bits = hammingDistance(img.hash, r.hash);
    // The nearest copy is named: fewest differing hash bits, then the closest face.
    const nearer = !memorised || bits < memorised.hashBits || (bits === memorised.hashBits && d < memorised.distance);
    if (bits <= MEMORISED_HASH_BITS && nearer) memorised = { image: r.image, distance: round3(d), hashBits: bits };
  }
  return { faces: img.faces.length, distance: round3(best.d), verdict: verdict(best.d, id.threshold), memorised };
}

export interface Consistency {
  samples: number;
  withFace: number;
  matching: number;
  /** matching / withFace; null when no sample shows a face. */
  consistency: number | null;
  meanDistance: number | null;
}

export function consistencyOf(js: readonly Judgement[]): Consistency {
  const withFace = js.filter((j) => j.distance !== null);
  const matching = withFace.filter((j) => j.verdict === 'same').length;
  return {
    samples: js.length,
    withFace: withFace.length,
    matching,
    consistency: withFace.length ? round3(matching / withFace.length) : null,
    meanDistance: withFace.length ? round3(withFace.reduce((s, j) => s + j.distance!, 0) / withFace.length) : null,
  };
}

export function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
