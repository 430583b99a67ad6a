/**
 * The one place where remote command strings are built. Every value that reaches a shell goes through
 * `quote`, so file names with spaces, quotes, `$(...)` or newlines arrive as literal arguments.
 */

/** POSIX single-quote a value: 'it'\''s' — safe for sh, bash and dash. */
export function quote(value: string | number): string {
  const s = String(value);
  if (s === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A fragment that is inserted verbatim (already-safe shell syntax built by `sh`). */
export class Raw {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function raw(text: string): Raw {
  return new Raw(text);
}

/**
 * Tagged template: literal parts are shell syntax written by us, interpolated values are quoted.
 * Arrays become space-separated quoted words; `Raw` values (from a nested `sh`) pass through.
 *   sh`mkdir -p ${dir} && cd ${dir}`
 */
export function sh(strings: TemplateStringsArray, ...values: Array<string | number | Raw | Array<string | number>>): Raw {
  let out = strings[0];
  values.forEach((v, i) => {
    if (v instanceof Raw) out += v.text;
    else if (Array.isArray(v)) out += v.map(quote).join(' ');
    else out += quote(v);
    out += strings[i + 1];
  });
  return new Raw(out);
}

/** `KEY=value` assignments for an env prefix; keys must be plain identifiers. */
export function envAssignments(env: Record<string, string>): Raw {
  const parts = Object.entries(env).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid environment variable name: ${k}`);
    return `${k}=${quote(v)}`;
  });
  return new Raw(parts.join(' '));
}
