import type { z } from 'zod';
import { sectionAt, type SectionName } from '../schema.js';
import type { PathPart } from '../source.js';
import { suggestKey, suggestValue } from '../suggest.js';
import { OPTIMIZERS, QTYPES } from '../vocabulary.js';
import type { Collector } from './collector.js';
import { getAt, listOf, type Obj } from './values.js';

/** What the zod schema of a trainer process refuses, as findings with a fix. */

export function lintSchemaIssues(issues: readonly z.core.$ZodIssue[], base: PathPart[], root: Obj, out: Collector): void {
  for (const issue of issues) {
    const rel = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const path = [...base, ...rel];
    if (issue.code === 'unrecognized_keys') {
      const section = sectionAt(path);
      for (const key of issue.keys) unknownKey(section, [...path, key], key, out);
      continue;
    }
    const value = getAt(root, path);
    if (issue.code === 'invalid_value' && typeof value === 'string') {
      const allowed = issue.values.map(String);
      const near = suggestValue(value, allowed);
      out.add('config.value', 'error', path, `'${value}' is not accepted for ${rel[rel.length - 1] ?? 'this key'}`, near ? `did you mean '${near}'? (one of ${listOf(allowed)})` : `use one of ${listOf(allowed)}`);
      continue;
    }
    if (issue.code === 'invalid_type' && typeof value === 'string' && issue.expected === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) {
      out.add('config.type', 'error', path, `'${value}' is a string, not a number: ai-toolkit passes it on as text`, `remove the quotes: ${rel[rel.length - 1]}: ${value}`);
      continue;
    }
    if (issue.code === 'invalid_type' && value === undefined) {
      out.add('config.missing', 'error', path, `'${rel[rel.length - 1]}' is required`, requiredFix(String(rel[rel.length - 1])));
      continue;
    }
    if (issue.code === 'custom' && typeof value === 'string') {
      const key = String(rel[rel.length - 1]);
      const vocab = key === 'optimizer' ? OPTIMIZERS : key.startsWith('qtype') ? QTYPES : [];
      const near = suggestValue(value.split('|')[0], vocab);
      out.add('config.value', 'error', path, `${issue.message}`, near ? `did you mean '${near}'?` : `use one of ${listOf(vocab)}`);
      continue;
    }
    out.add('config.type', 'error', path, `${rel.join('.') || 'value'}: ${issue.message}`, 'fix the value to the expected type');
  }
}

function requiredFix(key: string): string {
  if (key === 'name_or_path') return "set model.name_or_path to the Hugging Face repo (e.g. 'black-forest-labs/FLUX.1-dev')";
  if (key === 'model') return 'add a model block with name_or_path and arch';
  if (key === 'name') return 'set config.name (letters, digits, _ and -)';
  return `add '${key}'`;
}


export function unknownKey(section: SectionName | null, path: PathPart[], key: string, out: Collector): void {
  const s = section ? suggestKey(key, section) : null;
  if (s) {
    out.add('config.unknown-key', 'error', path, `'${key}' is not read by ai-toolkit and is silently ignored${s.known ? ` (use ${s.instead})` : ''}`, s.fix, 'key', { suggestion: s.instead });
  } else {
    out.add('config.unknown-key', 'warning', path, `'${key}' is not a key ai-toolkit reads here; it is silently ignored`, 'remove it, or move it to the section that reads it', 'key');
  }
}
