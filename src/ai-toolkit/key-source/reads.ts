/**
 * Which keys a piece of Python reads from the dicts it is handed. A receiver is a name bound to a section
 * of the config (`kwargs`, `self.config`, a variable assigned from a read); a read is `R.get('k'…)`,
 * `R['k']`, `'k' in R`, or `self.get_conf('k'…)`. Reads assigned to a variable bind that variable to the
 * nested section, `for v in R…` binds v to its elements, and `Cls(**R)` hands the section to a class.
 */

/** A section of the config as a path: '' is the file, 'config.process[].train' a block inside a process. */
export type SectionPath = string;

export interface BodyReads {
  /** Keys read per section. */
  reads: Map<SectionPath, Set<string>>;
  /** Classes instantiated with a section's dict (`Cls(**section)`). */
  handoffs: Array<{ cls: string; section: SectionPath }>;
  /** Keys the code sets on a section's dict unconditionally before anyone reads it: the user's value is lost. */
  overwritten: Map<SectionPath, Set<string>>;
}

export function child(section: SectionPath, key: string): SectionPath {
  return section === '' ? key : `${section}.${key}`;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const KEY = String.raw`['"]([\w.]+)['"]`;

function addTo(map: Map<SectionPath, Set<string>>, section: SectionPath, key: string): void {
  let s = map.get(section);
  if (!s) map.set(section, (s = new Set()));
  s.add(key);
}

/** A dotted get_conf key ('a.b') reads 'a' here and 'b' inside it. */
function addRead(out: BodyReads, section: SectionPath, dotted: string): SectionPath {
  const parts = dotted.split('.');
  let s = section;
  for (const p of parts) { addTo(out.reads, s, p); s = child(s, p); }
  return s;
}

/** Regexes for a read on a receiver; group 1 is the key. */
function readPatterns(receiver: string): RegExp[] {
  const r = esc(receiver);
  if (receiver.endsWith('get_conf')) return [new RegExp(`${r}\\(\\s*${KEY}`, 'g')];
  return [
    new RegExp(`(?<![\\w.])${r}\\.get\\(\\s*${KEY}`, 'g'),
    // a subscript that is not the target of an assignment
    new RegExp(`(?<![\\w.])${r}\\[\\s*${KEY}\\s*\\](?!\\s*=[^=])`, 'g'),
    new RegExp(`${KEY}\\s+(?:not\\s+)?in\\s+${r}(?![\\w.\\[])`, 'g'),
  ];
}

/** The source text of a read of `receiver`, for the binding patterns below. */
function readExpr(receiver: string): string {
  const r = esc(receiver);
  if (receiver.endsWith('get_conf')) return `${r}\\(\\s*${KEY}[^\\n]*`;
  return `(?:${r}\\.get\\(\\s*${KEY}[^\\n]*|${r}\\[\\s*${KEY}\\s*\\])`;
}

/**
 * Reads of one body given the receivers bound on entry. Bindings found in the body feed further reads,
 * so the scan repeats until nothing new is bound.
 */
export function bodyReads(body: string, seeds: ReadonlyMap<string, SectionPath>): BodyReads {
  const out: BodyReads = { reads: new Map(), handoffs: [], overwritten: new Map() };
  const bound = new Map(seeds);
  const bindLine = new Map<string, number>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [recv, section] of [...bound]) {
      const rx = readExpr(recv);
      // v = R.get('k', …) / v: T = R['k']
      for (const m of body.matchAll(new RegExp(`^([ \\t]*)((?:self\\.)?\\w+)\\s*(?::[^=\\n]+)?=\\s*${rx}`, 'gm'))) {
        const key = m[3] ?? m[4];
        if (!bound.has(m[2])) { bound.set(m[2], child(section, key)); bindLine.set(m[2], m[1].length); changed = true; }
      }
      // for v in R.get('k') / for i, v in enumerate(R['k'])
      for (const m of body.matchAll(new RegExp(`\\bfor\\s+(?:\\w+\\s*,\\s*)?(\\w+)\\s+in\\s+(?:enumerate\\(\\s*)?${rx}`, 'g'))) {
        if (!bound.has(m[1])) { bound.set(m[1], `${child(section, m[2] ?? m[3])}[]`); changed = true; }
      }
      // for v in R (R itself a list)
      if (!recv.endsWith('get_conf')) {
        for (const m of body.matchAll(new RegExp(`\\bfor\\s+(?:\\w+\\s*,\\s*)?(\\w+)\\s+in\\s+(?:enumerate\\(\\s*)?${esc(recv)}\\b(?![.\\[])`, 'g'))) {
          if (!bound.has(m[1])) { bound.set(m[1], `${section}[]`); changed = true; }
        }
      }
    }
  }
  for (const [recv, section] of bound) {
    for (const re of readPatterns(recv)) for (const m of body.matchAll(re)) addRead(out, section, m[1]);
    const r = esc(recv);
    for (const m of body.matchAll(new RegExp(`\\b(\\w+)\\(\\s*(?:self\\s*,\\s*)?\\*\\*\\s*(?:${readExpr(recv)}|${r}\\b(?![.\\[]))`, 'g'))) {
      const key = m[2] ?? m[3];
      out.handoffs.push({ cls: m[1], section: key ? child(section, key) : section });
    }
    // R['k'] = … at the indentation where R was bound: always runs, so the user's value never arrives
    const at = bindLine.get(recv);
    if (at !== undefined) {
      for (const m of body.matchAll(new RegExp(`^([ \\t]*)${r}\\[\\s*${KEY}\\s*\\]\\s*=[^=]`, 'gm'))) {
        if (m[1].length === at) addTo(out.overwritten, section, m[2]);
      }
    }
  }
  return out;
}
