import type { Finding } from '../../dataset/finding.js';
import type { ConfigFinding } from './types.js';
import type { ConfigSource, PathPart, Position } from '../source.js';
import type { Obj } from './values.js';

/** Findings as the rules add them, placed at file:line:column and sorted by position. */
export class Collector {
  private findings: ConfigFinding[] = [];
  constructor(private src: ConfigSource) {}
  add(rule: string, severity: Finding['severity'], path: PathPart[], message: string, fix: string, what: 'key' | 'value' = 'value', data?: Obj) {
    const pos = this.src.locate(path, what);
    this.raw({ rule, severity, path: path.join('.'), message, fix, ...pos, data });
  }
  raw(f: Omit<ConfigFinding, 'files' | 'file'> & Partial<Position>) {
    this.findings.push({ ...f, file: this.src.file, files: [this.src.file] } as ConfigFinding);
  }
  at(offset: number): Position {
    return this.src.at(offset);
  }
  list(): ConfigFinding[] {
    const order = { error: 0, warning: 1, info: 2 };
    return [...this.findings].sort((a, b) => a.line - b.line || a.column - b.column || order[a.severity] - order[b.severity]);
  }
}
