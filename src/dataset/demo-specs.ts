import { hashString, rng } from './demo-random.js';

/** The demo dataset, declared: every image with its shot, size, format and the mistake planted in it. */

export interface PlantedMistake {
  /** The rule id the check reports for it. */
  rule: string;
  /** Files involved, relative to the dataset folder. */
  files: string[];
  /** Found only by the decode pass (not with --fast). */
  decode?: boolean;
  /** A caption mistake: fixed by the Captions step's bulk operations. */
  caption?: boolean;
  note: string;
}

export type Shot = 'closeup' | 'fullbody' | 'variety' | 'legs' | 'torso' | 'bodydetail';

export interface Spec {
  stem: string;
  shot: Shot;
  format?: 'jpeg' | 'png' | 'webp';
  width?: number;
  height?: number;
  /** Special treatment of the image file. */
  image?: 'truncated' | 'corrupt' | 'copy' | 'near' | 'blurry' | 'png-as-jpg' | 'alpha' | 'rotated' | 'cmyk' | '16bit' | 'bomb' | 'empty' | 'panorama';
  /** Stem of the image copied (copy) or varied (near). */
  of?: string;
  /** Special treatment of the caption. */
  caption?: 'missing' | 'bom' | 'crlf' | 'latin1' | 'no-trigger' | 'trigger-late' | 'no-realbody' | 'placeholder' | 'dup-tags' | 'long' | 'realbody-on-char';
}

export const CHARACTER: Spec[] = [
  { stem: 'img001', shot: 'closeup' },
  { stem: 'img002', shot: 'closeup', format: 'png' },
  { stem: 'img003', shot: 'closeup' },
  { stem: 'img004', shot: 'closeup', caption: 'bom' },
  { stem: 'img005', shot: 'closeup', width: 1024, height: 1280 },
  { stem: 'img006', shot: 'closeup', caption: 'trigger-late' },
  { stem: 'img007', shot: 'fullbody', width: 1024, height: 1536 },
  { stem: 'img008', shot: 'fullbody', width: 896, height: 1152 },
  { stem: 'img009', shot: 'fullbody', format: 'webp', width: 1024, height: 1536 },
  { stem: 'img010', shot: 'fullbody', width: 1152, height: 1536, caption: 'crlf' },
  { stem: 'img011', shot: 'fullbody', width: 1024, height: 1536, caption: 'no-trigger' },
  { stem: 'img012', shot: 'fullbody', width: 1216, height: 1632, caption: 'dup-tags' },
  { stem: 'img013', shot: 'fullbody', width: 1024, height: 1536, caption: 'latin1' },
  { stem: 'img014', shot: 'fullbody', width: 1024, height: 1536, caption: 'long' },
  { stem: 'img015', shot: 'variety', width: 1280, height: 1024 },
  { stem: 'img016', shot: 'variety', caption: 'placeholder' },
  { stem: 'img017', shot: 'variety', width: 1024, height: 1280, caption: 'missing' },
  { stem: 'img018', shot: 'variety', caption: 'realbody-on-char' },
  { stem: 'img019', shot: 'closeup', image: 'copy', of: 'img003' },
  { stem: 'img020', shot: 'closeup', image: 'near', of: 'img005', width: 1024, height: 1280 },
  { stem: 'img021', shot: 'fullbody', image: 'blurry', width: 1024, height: 1536 },
  { stem: 'img022', shot: 'closeup', image: 'truncated' },
  { stem: 'img023', shot: 'fullbody', image: 'corrupt', width: 1024, height: 1536 },
  { stem: 'img024', shot: 'closeup', image: 'png-as-jpg' },
  { stem: 'img025', shot: 'variety', image: 'alpha', format: 'png' },
  { stem: 'img026', shot: 'fullbody', image: 'rotated', width: 1536, height: 1024 },
  { stem: 'img027', shot: 'closeup', image: 'cmyk' },
  { stem: 'img028', shot: 'variety', image: '16bit', format: 'png' },
  { stem: 'img029', shot: 'fullbody', image: 'panorama', width: 1024, height: 2816 },
  { stem: 'img030', shot: 'closeup', image: 'bomb', format: 'png' },
  { stem: 'img031', shot: 'closeup', image: 'empty' },
  { stem: 'img032', shot: 'variety', width: 640, height: 800 },
];

export const REALBODY: Spec[] = [
  { stem: 'body001', shot: 'legs', width: 1024, height: 1536 },
  { stem: 'body002', shot: 'legs', width: 1024, height: 1536, format: 'png' },
  { stem: 'body003', shot: 'legs', width: 1024, height: 1280 },
  { stem: 'body004', shot: 'torso' },
  { stem: 'body005', shot: 'torso', width: 1280, height: 1024 },
  { stem: 'body006', shot: 'torso', caption: 'no-realbody' },
  { stem: 'body007', shot: 'bodydetail', width: 1024, height: 1536 },
  { stem: 'body008', shot: 'bodydetail', width: 1024, height: 1536, format: 'webp' },
  { stem: 'body009', shot: 'legs', width: 1024, height: 1536 },
  { stem: 'body010', shot: 'torso', width: 1024, height: 1280 },
];

export const EXT: Record<'jpeg' | 'png' | 'webp', string> = { jpeg: '.jpg', png: '.png', webp: '.webp' };

export const DETAILS: Record<Shot, string[][]> = {
  closeup: [
    ['portrait', 'closeup'],
    ['smiling', 'serious expression', 'laughing', 'soft smile', 'looking away'],
    ['soft lighting', 'natural lighting', 'studio lighting', 'golden hour', 'window light'],
    ['looking at camera', 'side view', 'front view', 'three quarter view'],
  ],
  fullbody: [
    ['full body'],
    ['standing', 'sitting', 'walking', 'leaning on wall', 'running'],
    ['red dress', 'casual outfit', 'blue jeans white shirt', 'black coat', 'summer dress', 'sportswear'],
    ['urban background', 'indoor setting', 'outdoor', 'park', 'beach', 'studio backdrop'],
  ],
  variety: [
    ['cowboy shot', 'upper body', 'half body'],
    ['sitting', 'standing', 'leaning', 'arms crossed', 'hand on hip'],
    ['detailed clothing', 'casual pose', 'leather jacket', 'knit sweater'],
    ['natural lighting', 'soft lighting', 'overcast light'],
  ],
  legs: [['legs'], ['standing pose', 'sitting', 'walking'], ['natural lighting', 'soft lighting'], ['detailed skin texture', 'skin detail']],
  torso: [['torso'], ['side view', 'front view', 'back view'], ['soft lighting', 'studio lighting'], ['skin detail', 'photorealistic']],
  bodydetail: [['full body detail'], ['sitting', 'standing'], ['studio lighting', 'natural lighting'], ['natural skin', 'detailed skin texture']],
};

export function captionTags(spec: Spec, trigger: string, realbody: boolean): string[] {
  const r = rng(hashString(`${spec.stem}:caption`));
  const pickOne = (xs: string[]) => xs[Math.floor(r() * xs.length)];
  const parts = DETAILS[spec.shot].map(pickOne);
  return realbody ? [trigger, 'realistic_body', ...parts] : [trigger, ...parts];
}

export const WD14_DUMP = [
  '1girl', 'solo', 'long hair', 'brown hair', 'brown eyes', 'looking at viewer', 'smile', 'dress', 'blurry background',
  'outdoors', 'day', 'sky', 'cloud', 'blue sky', 'building', 'city', 'street', 'road', 'car', 'tree', 'shadow', 'sunlight',
  'bare shoulders', 'collarbone', 'sleeveless', 'sleeveless dress', 'necklace', 'jewelry', 'earrings', 'lips', 'makeup',
  'lipstick', 'realistic', 'photorealistic', 'high heels', 'handbag', 'bracelet', 'wristwatch',
];
