import { findingFix, findingTitle } from '../../../src/config/lint-text.js';
import type { ConfigFinding } from '../../../src/config/lint.js';

/** `file:line:column: ✖ error rule: message` and the fix below it, the file relative to the working folder. */
export function formatFinding(f: ConfigFinding, cwd: string): string {
  const file = f.file.startsWith(cwd + '/') ? f.file.slice(cwd.length + 1) : f.file;
  return `${file}:${f.line}:${f.column}: ${findingTitle(f)}: ${f.message}\n    ${findingFix(f)}`;
}
