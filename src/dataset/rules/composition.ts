import { tagKey } from '../caption.js';
import type { Finding } from '../finding.js';

/**
 * Shot composition from caption tags, against the guide's breakdown (guide §1.3, §1.4):
 * character 20 close-ups / 30 full body / 20 body variety; real body 10 legs / 10 torso / 10 full body detail.
 */
export type CharacterShot = 'closeup' | 'fullbody' | 'variety';
export type RealbodyPart = 'legs' | 'torso' | 'fullbody';

export const CHARACTER_TARGET: Record<CharacterShot, number> = { closeup: 20, fullbody: 30, variety: 20 };
export const REALBODY_TARGET: Record<RealbodyPart, number> = { legs: 10, torso: 10, fullbody: 10 };

const SHOT_LABEL: Record<CharacterShot, [string, string]> = {
  closeup: ['close-up', 'close-ups'],
  fullbody: ['full-body shot', 'full-body shots'],
  variety: ['body-variety shot (cowboy shot, upper body, half body)', 'body-variety shots (cowboy shot, upper body, half body)'],
};
const PART_LABEL: Record<RealbodyPart, [string, string]> = {
  legs: ['legs photo', 'legs photos'],
  torso: ['torso photo', 'torso photos'],
  fullbody: ['full-body detail photo', 'full-body detail photos'],
};

const CHARACTER_TAGS: Record<CharacterShot, string[]> = {
  closeup: ['portrait', 'closeup', 'close-up', 'close up', 'face', 'face closeup', 'face close-up', 'headshot', 'head shot', 'extreme closeup', 'face focus'],
  fullbody: ['full body', 'full-body', 'fullbody', 'full shot', 'wide shot'],
  variety: ['cowboy shot', 'upper body', 'half body', 'half-body', 'medium shot', 'waist up', 'three quarter shot', 'lower body'],
};
const REALBODY_TAGS: Record<RealbodyPart, string[]> = {
  fullbody: ['full body detail', 'full body', 'full-body', 'fullbody', 'full body skin detail'],
  legs: ['legs', 'leg', 'thighs', 'feet', 'legs focus', 'lower body'],
  torso: ['torso', 'abs', 'back', 'chest', 'midriff', 'waist', 'stomach', 'upper body', 'torso focus', 'shoulders'],
};

function classify<K extends string>(tags: readonly string[], table: Record<K, string[]>): K | null {
  const keys = Object.keys(table) as K[];
  const lookup = new Map<string, K>();
  for (const k of keys) for (const t of table[k]) lookup.set(tagKey(t), k);
  // The first shot tag in the caption wins: captions name their framing early (guide §2.1).
  for (const t of tags) {
    const k = lookup.get(tagKey(t));
    if (k) return k;
  }
  return null;
}

export function characterShot(tags: readonly string[]): CharacterShot | null {
  return classify(tags, CHARACTER_TAGS);
}

export function realbodyPart(tags: readonly string[]): RealbodyPart | null {
  return classify(tags, REALBODY_TAGS);
}

export interface ClassCount {
  have: number;
  target: number;
}
export interface Composition {
  character: Record<CharacterShot, ClassCount> & { unclassified: number };
  realbody: Record<RealbodyPart, ClassCount> & { unclassified: number };
}

/** `characterShots`, when given, are the character images' shots already decided (by face size); else the tags decide. */
export function composition(characterTags: ReadonlyArray<readonly string[]>, realbodyTags: ReadonlyArray<readonly string[]>, characterShots?: ReadonlyArray<CharacterShot | null>): Composition {
  const c = { closeup: 0, fullbody: 0, variety: 0, unclassified: 0 };
  for (const s of characterShots ?? characterTags.map(characterShot)) c[s ?? 'unclassified']++;
  const r = { legs: 0, torso: 0, fullbody: 0, unclassified: 0 };
  for (const t of realbodyTags) r[realbodyPart(t) ?? 'unclassified']++;
  return {
    character: {
      closeup: { have: c.closeup, target: CHARACTER_TARGET.closeup },
      fullbody: { have: c.fullbody, target: CHARACTER_TARGET.fullbody },
      variety: { have: c.variety, target: CHARACTER_TARGET.variety },
      unclassified: c.unclassified,
    },
    realbody: {
      legs: { have: r.legs, target: REALBODY_TARGET.legs },
      torso: { have: r.torso, target: REALBODY_TARGET.torso },
      fullbody: { have: r.fullbody, target: REALBODY_TARGET.fullbody },
      unclassified: r.unclassified,
    },
  };
}

/** "add 6 close-ups" for every class short of the guide; a note for captions naming no shot. */
export function compositionFindings(comp: Composition, opts: { hasCharacter: boolean; hasRealbody: boolean }): Finding[] {
  const out: Finding[] = [];
  const short = (have: number, target: number) => target - have;
  if (opts.hasCharacter) {
    for (const k of ['closeup', 'fullbody', 'variety'] as const) {
      const { have, target } = comp.character[k];
      const n = short(have, target);
      if (n <= 0) continue;
      out.push({
        rule: `composition.character-${k}`,
        severity: have < target / 2 ? 'warning' : 'info',
        files: [],
        message: `${have} ${SHOT_LABEL[k][have === 1 ? 0 : 1]}, the guide asks for ${target}${k === 'closeup' ? ': too few close-ups makes the face drift' : ''}`,
        fix: `add ${n} ${SHOT_LABEL[k][n === 1 ? 0 : 1]}`,
        data: { have, target, add: n },
      });
    }
    if (comp.character.unclassified > 0) {
      out.push({
        rule: 'composition.character-unclassified',
        severity: 'info',
        files: [],
        message: `${comp.character.unclassified} character caption(s) name no shot type, so composition cannot count them`,
        fix: 'say the framing right after the trigger: portrait, full body, cowboy shot, upper body…',
        data: { count: comp.character.unclassified },
      });
    }
  }
  if (opts.hasRealbody) {
    for (const k of ['legs', 'torso', 'fullbody'] as const) {
      const { have, target } = comp.realbody[k];
      const n = short(have, target);
      if (n <= 0) continue;
      out.push({
        rule: `composition.realbody-${k}`,
        severity: have < target / 2 ? 'warning' : 'info',
        files: [],
        message: `${have} real-body ${PART_LABEL[k][have === 1 ? 0 : 1]}, the guide asks for ${target}`,
        fix: `add ${n} ${PART_LABEL[k][n === 1 ? 0 : 1]}`,
        data: { have, target, add: n },
      });
    }
    if (comp.realbody.unclassified > 0) {
      out.push({
        rule: 'composition.realbody-unclassified',
        severity: 'info',
        files: [],
        message: `${comp.realbody.unclassified} real-body caption(s) name no body part`,
        fix: 'say the part after realistic_body: legs, torso, full body detail',
        data: { count: comp.realbody.unclassified },
      });
    }
  }
  return out;
}
