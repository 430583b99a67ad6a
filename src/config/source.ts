import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';

/**
 * A config file as text plus a way back from a key path to line:column. YAML and JSON both go through
 * the yaml parser (JSON is a subset of YAML 1.2 flow style), so one position model serves both, and the
 * UI's `.job_config.json` gets real positions too. YAML 1.1 rules are used for YAML files because
 * ai-toolkit loads them with PyYAML (`yes`/`no` are booleans there).
 */

export type PathPart = string | number;

export interface Position {
  line: number;
  column: number;
}

export interface ConfigSource {
  file: string;
  text: string;
  format: 'yaml' | 'json';
  /** Parsed value; undefined when the text does not parse. */
  data: unknown;
  /** Syntax errors with positions; empty when the file parsed. */
  errors: Array<Position & { message: string }>;
  /** Position of the key (when `key`) or the value at a path; falls back to the deepest existing parent. */
  locate(path: readonly PathPart[], what?: 'key' | 'value'): Position;
  /** Position of a character offset in the text. */
  at(offset: number): Position;
}

export function detectFormat(file: string, text: string): 'yaml' | 'json' {
  if (/\.jsonc?$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

export function parseConfigSource(file: string, text: string): ConfigSource {
  const format = detectFormat(file, text);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    version: format === 'yaml' ? '1.1' : '1.2',
    strict: false,
  });
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line, column: p.col };
  };
  // For JSON only Python's json module has a say; the yaml tree is used for positions alone.
  const errors: ConfigSource['errors'] =
    format === 'json' ? [] : doc.errors.map((e) => ({ ...at(e.pos[0]), message: e.message.split('\n')[0] }));
  let data: unknown = undefined;
  if (format === 'json') {
    // Be exactly as strict as Python's json module: the yaml parser also takes things JSON does not.
    try {
      data = JSON.parse(text);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      errors.push({ ...(m ? at(Number(m[1])) : { line: 1, column: 1 }), message: (e as Error).message });
    }
  } else if (errors.length === 0) {
    data = doc.toJS({ maxAliasCount: 1000 });
  }
  if (errors.length > 0) data = undefined;
  return { file, text, format, data, errors, at, locate: (path, what = 'key') => locate(doc, at, path, what) };
}

function locate(doc: Document, at: (o: number) => Position, path: readonly PathPart[], what: 'key' | 'value'): Position {
  let node: unknown = doc.contents;
  let best: Position = { line: 1, column: 1 };
  if (node && (node as YamlNode).range) best = at((node as YamlNode).range![0]);
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === part);
      if (!pair) return best;
      const key = pair.key as YamlNode | null;
      const value = pair.value as YamlNode | null;
      if (last && what === 'key' && key?.range) return at(key.range[0]);
      const target = value ?? key;
      if (target?.range) best = at(target.range[0]);
      else if (key?.range) best = at(key.range[0]);
      node = value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as YamlNode | undefined;
      if (!item) return best;
      if (item.range) best = at(item.range[0]);
      node = item;
    } else {
      return best;
    }
  }
  return best;
}
