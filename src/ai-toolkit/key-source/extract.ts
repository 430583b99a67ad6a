import { methodBody, pyClasses, type PyClass } from './python-classes.js';
import { bodyReads, type SectionPath } from './reads.js';

/**
 * The keys ai-toolkit reads, section by section, from its Python source. Two kinds of class read a
 * config: a job or process class reads its dict through `self.config` / `self.get_conf` in any method;
 * a config class (`SaveConfig(**kwargs)`) reads `kwargs` in `__init__`. Each class that is handed a
 * section is followed, and so are its parents.
 */

export interface KeyRoot {
  /** A job or process class, e.g. ExtensionJob or SDTrainer. */
  cls: string;
  /** The section its `self.config` is, e.g. 'config' for a job, 'config.process[]' for a trainer. */
  section: SectionPath;
  /** The section its constructor's `config` argument is ('' for a job: the whole file). */
  argSection?: SectionPath;
}

export interface ExtractedKeys {
  /** Sorted keys per section. */
  sections: Record<SectionPath, string[]>;
  /** Keys a class reads but the caller always overwrites first, per section. */
  overwritten: Record<SectionPath, string[]>;
  /** Which classes read each section. */
  readers: Record<SectionPath, string[]>;
  /** Classes named as parents or handed a section that no file defines. */
  missing: string[];
}

export function extractKeys(files: ReadonlyArray<{ path: string; text: string }>, roots: readonly KeyRoot[]): ExtractedKeys {
  const classes = new Map<string, PyClass>();
  for (const f of files) for (const c of pyClasses(f.text, f.path)) if (!classes.has(c.name)) classes.set(c.name, c);
  const reads = new Map<SectionPath, Set<string>>();
  const overwritten = new Map<SectionPath, Set<string>>();
  const readers = new Map<SectionPath, Set<string>>();
  const missing = new Set<string>();
  const done = new Set<string>();
  const add = (m: Map<SectionPath, Set<string>>, s: SectionPath, v: string) => {
    if (!m.has(s)) m.set(s, new Set());
    m.get(s)!.add(v);
  };

  /** The class and its parents, nearest first. */
  const lineage = (name: string): PyClass[] => {
    const out: PyClass[] = [];
    const walk = (n: string) => {
      const c = classes.get(n);
      if (!c) { missing.add(n); return; }
      if (out.includes(c)) return;
      out.push(c);
      c.parents.forEach(walk);
    };
    walk(name);
    return out;
  };

  const visit = (cls: string, seeds: Map<string, SectionPath>, body: (c: PyClass) => string, section: SectionPath) => {
    const id = `${cls}@${section}@${[...seeds.keys()].join(',')}`;
    if (done.has(id)) return;
    done.add(id);
    for (const c of lineage(cls)) {
      const r = bodyReads(body(c), seeds);
      for (const [s, keys] of r.reads) for (const k of keys) { add(reads, s, k); add(readers, s, c.name); }
      for (const [s, keys] of r.overwritten) for (const k of keys) add(overwritten, s, k);
      for (const h of r.handoffs) {
        if (!classes.has(h.cls)) continue; // dict(**x), a function call: not a config class
        visit(h.cls, new Map([['kwargs', h.section]]), (k) => methodBody(k.body, '__init__'), h.section);
      }
    }
  };

  for (const root of roots) {
    const seeds = new Map<string, SectionPath>([['self.config', root.section], ['self.get_conf', root.section]]);
    if (root.argSection !== undefined) seeds.set('config', root.argSection);
    visit(root.cls, seeds, (c) => c.body, root.section);
  }
  // a key always overwritten before its class reads it is not one the user can set
  for (const [s, keys] of overwritten) for (const k of keys) reads.get(s)?.delete(k);
  const sorted = (m: Map<SectionPath, Set<string>>) =>
    Object.fromEntries([...m].filter(([, v]) => v.size > 0).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
  return { sections: sorted(reads), overwritten: sorted(overwritten), readers: sorted(readers), missing: [...missing].sort() };
}
