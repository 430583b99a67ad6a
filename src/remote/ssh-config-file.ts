import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { expandTilde } from './ssh-config.js';
import { parseSshConfig, splitWords, type ConfigBlock } from './ssh-config-parse.js';
import { TargetError } from './target.js';

/** OpenSSH's READCONF_MAX_DEPTH: an Include nested deeper is a loop. */
const MAX_DEPTH = 16;

const GLOB_CHARS = /[*?[]/;

/** One path component with glob(7) wildcards (`*`, `?`, `[...]`) as a regular expression. */
function componentRe(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let set = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (set.startsWith('!')) set = '^' + set.slice(1);
        re += `[${set}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

/** The files a glob names, sorted as glob(3) sorts them; hidden files only for a pattern that starts with a dot. */
async function expandGlob(pattern: string): Promise<string[]> {
  if (!GLOB_CHARS.test(pattern)) return [pattern];
  let found = [pattern.startsWith('/') ? '/' : '.'];
  for (const part of pattern.split('/').filter(Boolean)) {
    const next: string[] = [];
    for (const dir of found) {
      if (!GLOB_CHARS.test(part)) {
        next.push(join(dir, part));
        continue;
      }
      const re = componentRe(part);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const n of names) if ((part.startsWith('.') || !n.startsWith('.')) && re.test(n)) next.push(join(dir, n));
    }
    found = next;
  }
  return found.sort();
}

/**
 * The text of a config file; '' when it does not exist. Anything else that stops it being read (a directory,
 * no permission) is said, since going on without it could connect another way than the user configured.
 */
async function readConfigText(file: string, includedFrom?: string): Promise<string | null> {
  const what = includedFrom ? `${file} (Include in ${includedFrom})` : file;
  const st = await stat(file).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' || e.code === 'ENOTDIR' ? null : e));
  if (st === null) return null;
  if (st instanceof Error) throw new TargetError('failed', `cannot read the SSH config ${what}: ${st.code ?? st.message}`, 'fix its permissions or remove it');
  if (!st.isFile()) throw new TargetError('failed', `the SSH config ${what} is not a regular file`, 'it must be a text file; remove or rename what is there');
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new TargetError('failed', `cannot read the SSH config ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'fix its permissions or remove it');
  }
}

/**
 * ~/.ssh/config as blocks, with `Include` followed as OpenSSH does: several paths per line, glob wildcards
 * in lexical order, `~`, relative paths under the SSH folder, and an Include inside a Host block applying
 * only to hosts that block matches.
 */
export async function readSshConfig(file: string, opts: { sshDir: string; home: string }): Promise<ConfigBlock[]> {
  const text = await readConfigText(file);
  return text === null ? [] : expand(parseSshConfig(text), file, opts, 0);
}

async function expand(blocks: ConfigBlock[], file: string, opts: { sshDir: string; home: string }, depth: number): Promise<ConfigBlock[]> {
  const out: ConfigBlock[] = [];
  for (const block of blocks) {
    let current: ConfigBlock = { ...block, options: [] };
    out.push(current);
    for (const [key, value] of block.options) {
      if (key !== 'include') {
        current.options.push([key, value]);
        continue;
      }
      if (depth + 1 >= MAX_DEPTH) throw new TargetError('failed', `the SSH config Include in ${file} nests more than ${MAX_DEPTH} deep (does a file include itself?)`);
      const within = [...(block.within ?? []), block.patterns];
      for (const word of splitWords(value)) {
        const path = expandTilde(word, opts.home);
        for (const f of await expandGlob(isAbsolute(path) ? path : join(opts.sshDir, path))) {
          const text = await readConfigText(f, file);
          if (text === null) continue;
          const inner = parseSshConfig(text).map((b) => ({ ...b, within: [...within, ...(b.within ?? [])] }));
          out.push(...(await expand(inner, f, opts, depth + 1)));
        }
      }
      // What follows the Include line belongs to the block it was in.
      current = { ...block, options: [] };
      out.push(current);
    }
  }
  return out;
}
