import type { PathPart } from '../source.js';

/** Reading untyped config values: the linter sees the file as written, before any schema. */

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const numv = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Glob characters: ai-toolkit finds checkpoints with glob(name + '*'). */
export const GLOB_RE = /[[\]*?]/;

export function listOf(values: readonly string[]): string {
  return values.length > 8 ? `${values.slice(0, 8).join(', ')}, …` : values.join(', ');
}

export function getAt(root: unknown, path: readonly PathPart[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (Array.isArray(v) && typeof p === 'number') v = v[p];
    else if (isObj(v)) v = v[String(p)];
    else return undefined;
  }
  return v;
}
