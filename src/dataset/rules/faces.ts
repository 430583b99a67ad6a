import { distance, robustCentroid, round3, type ImageFaces } from '../../faces/index.js';
import type { Finding } from '../finding.js';
import type { CharacterShot } from './composition.js';

/**
 * Face rules (pure), from each image's faces: the guide wants one consistent person in every character
 * image (§1.3) and no face in the real-body ones (§1.4).
 */

/** A close-up's face is at least this share of the image height; smaller is a wider shot. */
export const CLOSEUP_FACE_SHARE = 0.25;

/** A full-body shot's face is at most this share of the image height (a standing figure's head is about 1/8). */
export const FULLBODY_FACE_SHARE = 0.12;

/**
 * The shot by the face's share of the image height: big is a close-up, small a full-body shot; in between
 * (and with no single face) the caption's shot stands.
 */
export function shotByFace(faceShare: number | undefined, captionShot: CharacterShot | null): CharacterShot | null {
  if (faceShare === undefined) return captionShot;
  if (faceShare >= CLOSEUP_FACE_SHARE) return 'closeup';
  if (faceShare <= FULLBODY_FACE_SHARE) return 'fullbody';
  return captionShot === 'closeup' ? 'variety' : captionShot;
}

/** The share of the image height taken by the one face, undefined without exactly one. */
export function faceShareOf(faces: ImageFaces): number | undefined {
  return faces.faces.length === 1 ? faces.faces[0].box.height / faces.height : undefined;
}

export interface FaceInput {
  rel: string;
  kind: 'character' | 'realbody' | 'unknown';
  /** The caption classifies the image as a close-up. */
  closeup: boolean;
  faces: ImageFaces;
}

const boxText = (b: ImageFaces['faces'][number]['box']) => `${Math.round(b.width)}×${Math.round(b.height)} at ${Math.round(b.x)},${Math.round(b.y)}`;

export function faceFindings(images: readonly FaceInput[], threshold: number): Finding[] {
  const out: Finding[] = [];
  const character = images.filter((i) => i.kind === 'character');
  // Not one face in any character image: drawn or stylised characters, which the model does not see. Per-image
  // findings would only repeat that; identity is not judged.
  if (!character.every((i) => i.faces.faces.length === 0)) {
    for (const i of character) {
      const n = i.faces.faces.length;
      if (n === 0) out.push({ rule: 'faces.no-face', severity: 'warning', files: [i.rel], message: 'no face found in a character image', fix: 'move it to the real-body folder if it shows no face, or replace it with a shot where the face is visible', data: { faces: 0 } });
      else if (n > 1) out.push({ rule: 'faces.several', severity: 'warning', files: [i.rel], message: `${n} faces in a character image: the LoRA learns all of them as the character`, fix: 'crop to the character, or replace the image', data: { faces: n, boxes: i.faces.faces.map((f) => f.box) } });
      if (n >= 1 && i.closeup && i.faces.faces[0].box.height / i.faces.height < CLOSEUP_FACE_SHARE) {
        const share = i.faces.faces[0].box.height / i.faces.height;
        out.push({
          rule: 'faces.closeup-small-face',
          severity: 'info',
          files: [i.rel],
          message: `captioned as a close-up, but the face is ${Math.round(share * 100)}% of the image height: it is a wider shot`,
          fix: 'caption it as upper body / cowboy shot, or crop it to the face; the composition counts go by the face size',
          data: { faceShare: round3(share) },
        });
      }
    }
    out.push(...identityFindings(character, threshold));
  }
  for (const i of images) {
    if (i.kind !== 'realbody' || i.faces.faces.length === 0) continue;
    const boxes = i.faces.faces.map((f) => f.box);
    out.push({
      rule: 'faces.realbody-face',
      severity: 'warning',
      files: [i.rel],
      message: `a face in a real-body image (${boxes.map(boxText).join(', ')}): the LoRA would learn this stranger's face`,
      fix: 'crop the face out (the guide: real-body photos show no face)',
      data: { boxes, width: i.faces.width, height: i.faces.height },
    });
  }
  return out;
}

/** Character faces far from the dataset's own identity: "a different person?". */
function identityFindings(character: readonly FaceInput[], threshold: number): Finding[] {
  const single = character.filter((i) => i.faces.faces.length === 1).map((i) => ({ rel: i.rel, d: i.faces.faces[0].descriptor }));
  // Too few faces to say what the character looks like.
  if (single.length < 3) return [];
  const centroid = robustCentroid(single.map((s) => s.d))!;
  const ranked = single.map((s) => ({ rel: s.rel, dist: distance(s.d, centroid) })).sort((a, b) => a.dist - b.dist);
  const closest = ranked[0];
  const farthest = ranked[ranked.length - 1];
  return ranked
    .filter((r) => r.dist >= threshold)
    .map((r) => ({
      rule: 'faces.different-person',
      severity: 'warning' as const,
      files: [r.rel, closest.rel],
      message: `a different person? its face is ${r.dist.toFixed(2)} from the dataset's identity (same person under ${threshold.toFixed(2)})`,
      fix: `compare it with ${closest.rel} (closest to the identity, ${closest.dist.toFixed(2)}); the farthest is ${farthest.rel} (${farthest.dist.toFixed(2)})`,
      data: { distance: round3(r.dist), threshold, closest: closest.rel, closestDistance: round3(closest.dist), farthest: farthest.rel, farthestDistance: round3(farthest.dist) },
    }));
}
