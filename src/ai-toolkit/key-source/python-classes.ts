/**
 * Python source as far as the key extractor needs it: classes, their parents and bodies, and one method.
 * Indentation decides where a block ends, as it does for Python itself; strings and comments are blanked
 * first so a '#' or a 'class' inside them never counts.
 */

export interface PyClass {
  name: string;
  parents: string[];
  /** The class body, comments removed. */
  body: string;
  file: string;
}

/** Comments blanked to spaces; string contents kept (keys are string literals), line structure kept. */
export function stripComments(source: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      out += c;
      if (c === '\\' && i + 1 < source.length) { out += source[++i]; continue; }
      if (source.startsWith(quote, i)) { out += quote.slice(1); i += quote.length - 1; quote = null; }
      else if (c === '\n' && quote.length === 1) quote = null;
      continue;
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') { out += ' '; i++; }
      if (i < source.length) out += '\n';
      continue;
    }
    if (c === '"' || c === "'") {
      quote = source.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      out += quote;
      i += quote.length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The line where a header that opens at `start` (`def f(\n a,\n):`) closes its brackets. */
function headerEnd(lines: string[], start: number): number {
  let depth = 0;
  for (let i = start; i < lines.length; i++) {
    for (const c of lines[i]) depth += c === '(' || c === '[' ? 1 : c === ')' || c === ']' ? -1 : 0;
    if (depth <= 0) return i;
  }
  return start;
}

/** The lines after the header at `start` that are indented deeper than its own line (blank lines included). */
function blockAfter(lines: string[], start: number): string[] {
  const base = indentOf(lines[start]);
  const body: string[] = [];
  for (let i = headerEnd(lines, start) + 1; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() !== '' && indentOf(l) <= base) break;
    body.push(l);
  }
  return body;
}

const CLASS_RE = /^(\s*)class\s+(\w+)\s*(?:\(([^)]*)\))?\s*:/;

export function pyClasses(source: string, file = ''): PyClass[] {
  const lines = stripComments(source).split('\n');
  const out: PyClass[] = [];
  lines.forEach((line, i) => {
    const m = CLASS_RE.exec(line);
    if (!m) return;
    const parents = (m[3] ?? '').split(',').map((p) => p.trim().split('.').pop() ?? '').filter((p) => /^\w+$/.test(p) && p !== 'object');
    out.push({ name: m[2], parents, body: blockAfter(lines, i).join('\n'), file });
  });
  return out;
}

/** The body of one method of a class body (`def name(`), or '' when the class has none. */
export function methodBody(classBody: string, name: string): string {
  const lines = classBody.split('\n');
  const re = new RegExp(`^\\s*def\\s+${name}\\s*\\(`);
  const i = lines.findIndex((l) => re.test(l));
  return i < 0 ? '' : blockAfter(lines, i).join('\n');
}
