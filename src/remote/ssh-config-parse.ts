/**
 * The text of an ssh_config file as blocks of options, and OpenSSH's host pattern matching. Pure: reading
 * files and following Include is ssh-config-file.ts.
 */

export interface ConfigBlock {
  /** The `Host` patterns; the options before the first `Host` line apply to every host (`*`). */
  patterns: string[];
  /** Lower-cased keyword and value, in file order; `include` entries are left for the file reader. */
  options: Array<[string, string]>;
  /** The Host patterns of the blocks whose Include brought this block in: each must match too. */
  within?: string[][];
}

/** The `Host` blocks of an ssh_config file (Match blocks are skipped: lorapilot cannot evaluate them). */
export function parseSshConfig(text: string): ConfigBlock[] {
  const blocks: ConfigBlock[] = [{ patterns: ['*'], options: [] }];
  let skipping = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = key === 'proxycommand' ? m[2].trim() : unquote(m[2].trim());
    if (key === 'host') {
      blocks.push({ patterns: splitWords(m[2]), options: [] });
      skipping = false;
    } else if (key === 'match') {
      skipping = true;
    } else if (!skipping) {
      blocks[blocks.length - 1].options.push([key, value]);
    }
  }
  return blocks;
}

/** Words of a value, double quotes grouping (as OpenSSH's argv_split). */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[1] ?? m[2]);
  return out;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** `*` and `?` wildcards, case-insensitive, as in Host patterns. */
export function globMatch(pattern: string, value: string, caseInsensitive = true): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', caseInsensitive ? 'is' : 's');
  return re.test(value);
}

/** A Host line's patterns against a host: one positive match and no negated (`!`) match. */
export function hostMatches(patterns: string[], host: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), host)) return false;
    } else if (globMatch(p, host)) matched = true;
  }
  return matched;
}

/** Whether a block applies to a host: its own patterns and those of every block that included it. */
export function blockApplies(block: ConfigBlock, host: string): boolean {
  return hostMatches(block.patterns, host) && (block.within ?? []).every((p) => hostMatches(p, host));
}
