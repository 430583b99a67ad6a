import { BOUNDS, boundText, withinBound } from '../../text/bounds.js';
import type { PathPart } from '../source.js';
import type { Collector } from './collector.js';
import { NUMBER_KEYS } from './number-keys.js';
import { isObj } from './values.js';

/**
 * Numbers of a hand-written config: one that JavaScript cannot hold exactly (1e400 is Infinity,
 * 99999999999999999999 is rounded) says nothing reliable, and one past its range of the bounds table
 * (`steps: 1e12`) cannot train. Both are errors naming the key, the value and the range.
 */
export function lintNumbers(p: unknown, base: PathPart[], out: Collector): void {
  // An explicit stack: a deep hand-written file must not exhaust the call stack.
  const stack: Array<{ v: unknown; rel: PathPart[] }> = [{ v: p, rel: [] }];
  while (stack.length > 0) {
    const { v, rel } = stack.pop()!;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, rel: [...rel, i] }));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) stack.push({ v: x, rel: [...rel, k] });
    else if (typeof v === 'number') checkNumber(v, rel, base, out);
  }
}

function checkNumber(n: number, rel: PathPart[], base: PathPart[], out: Collector): void {
  const key = rel.join('.');
  const path = [...base, ...rel];
  if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) {
    out.add('config.number', 'error', path, `${key} is ${n}: not a number that can be read exactly (too large or too long)`, 'write a number in range');
    return;
  }
  const name = NUMBER_KEYS[rel.map((r) => (typeof r === 'number' ? '#' : r)).join('.')];
  if (!name) return;
  const b = BOUNDS[name];
  if (withinBound(n, b)) return;
  out.add('config.range', 'error', path, `${key} is ${n}: out of range (${b.what})`, `use ${boundText(b)}`);
}
