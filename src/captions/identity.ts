import { tagKey } from '../dataset/caption.js';

/**
 * Tags that describe a character's fixed features. The guide (§2.3) asks to remove them so the
 * features bind to the trigger word instead of to a tag the user would have to repeat at inference.
 * Matched on tagKey (case, `_`/space insensitive). Clothing, pose, framing and background stay.
 */
const COLOURS = [
  'black', 'blonde', 'blond', 'brown', 'light brown', 'dark brown', 'red', 'orange', 'auburn', 'ginger', 'pink', 'purple',
  'blue', 'light blue', 'dark blue', 'aqua', 'green', 'grey', 'gray', 'white', 'silver', 'platinum blonde', 'strawberry blonde',
  'multicolored', 'two-tone', 'gradient', 'streaked', 'yellow', 'hazel', 'amber', 'golden', 'violet',
];

const HAIR_EXACT = [
  'long hair', 'short hair', 'medium hair', 'very long hair', 'very short hair', 'absurdly long hair', 'shoulder-length hair',
  'bob cut', 'pixie cut', 'ponytail', 'high ponytail', 'low ponytail', 'side ponytail', 'twintails', 'low twintails', 'twin braids',
  'braid', 'single braid', 'french braid', 'side braid', 'braided ponytail', 'hair bun', 'single hair bun', 'double bun', 'bangs',
  'blunt bangs', 'swept bangs', 'parted bangs', 'side bangs', 'hair between eyes', 'sidelocks', 'ahoge', 'hair over one eye',
  'curly hair', 'wavy hair', 'straight hair', 'messy hair', 'spiked hair', 'drill hair', 'hime cut', 'undercut', 'buzz cut',
  'bald', 'dreadlocks', 'afro', 'hair intakes', 'antenna hair', 'streaked hair', 'multicolored hair', 'two-tone hair',
  'gradient hair', 'colored inner hair',
];

const FACE_BODY_EXACT = [
  'heterochromia', 'freckles', 'mole', 'mole under eye', 'mole under mouth', 'beauty mark', 'dimples', 'eyelashes',
  'long eyelashes', 'thick eyebrows', 'thin eyebrows', 'tsurime', 'tareme', 'jitome',
  'dark skin', 'dark-skinned female', 'dark-skinned male', 'pale skin', 'tan', 'tanned', 'tanlines', 'fair skin', 'olive skin',
  'brown skin', 'light skin', 'very dark skin',
  'small breasts', 'medium breasts', 'large breasts', 'huge breasts', 'gigantic breasts', 'flat chest', 'petite', 'slim',
  'slender', 'skinny', 'thin', 'curvy', 'plump', 'chubby', 'muscular', 'muscular female', 'muscular male', 'toned', 'abs',
  'wide hips', 'thick thighs', 'narrow waist', 'tall', 'short', 'tall female', 'short stature', 'athletic build',
  'pointy ears', 'elf ears', 'fang', 'fangs', 'sharp teeth', 'scar', 'scar on face', 'tattoo', 'facial hair', 'beard',
  'mustache', 'stubble', 'goatee', 'sideburns',
];

const IDENTITY_EXACT = new Set([...HAIR_EXACT, ...FACE_BODY_EXACT].map(tagKey));
const IDENTITY_PATTERNS: RegExp[] = [
  // "<colour> hair", "<colour> eyes", "<colour> eyebrows", "<colour> skin", "<colour>-haired" and friends.
  new RegExp(`^(${COLOURS.map(escapeRe).join('|')})(-| )(hair|eyes|eyebrows|eyelashes|skin|pupils|haired)$`),
  /^(hair|eyes) (colou?r)$/,
  /^(ice|metallic|light|dark) [a-z]+ (hair|eyes)$/,
];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A matcher for identity tags: the curated list plus the project's `captions.identityTags`
 * (exact tags, or globs with `*`).
 */
export function identityMatcher(extra: readonly string[] = []): (tag: string) => boolean {
  const extraMatch = tagMatcher(extra);
  return (tag) => {
    const k = tagKey(tag);
    return IDENTITY_EXACT.has(k) || IDENTITY_PATTERNS.some((re) => re.test(k)) || extraMatch(tag);
  };
}

/** Match tags by tagKey; a `*` in a pattern matches any run of characters. */
export function tagMatcher(patterns: readonly string[]): (tag: string) => boolean {
  const exact = new Set<string>();
  const globs: RegExp[] = [];
  for (const p of patterns) {
    const k = tagKey(p);
    if (k.includes('*')) globs.push(new RegExp(`^${k.split('*').map(escapeRe).join('.*')}$`));
    else exact.add(k);
  }
  return (tag) => {
    const k = tagKey(tag);
    return exact.has(k) || globs.some((re) => re.test(k));
  };
}
