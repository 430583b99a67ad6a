/**
 * One tqdm bar redraw, read by hand rather than by one big regex: the parser meets about two of
 * these per training step, so this is the hot path (bench/parser.ts).
 *
 * tqdm's default format (reference/ai-toolkit.md §1.3):
 *   {desc}: {percentage:3.0f}%|{bar}| {n}/{total} [{elapsed}<{remaining}, {rate_fmt}{postfix}]
 * Tolerated: no description, no cells or no bar at all, collapsed spaces, `?` times and rates,
 * `s/it`, hours over 99, a line cut short after the count (tqdm trims to the terminal width under a
 * PTY, §1.3 TTY caveat) and any text before the description (a pasted prefix).
 */
export interface BarMatch {
  /** Text between the search start and the `: NN%` (the description, plus any prefix). */
  desc: string;
  /** The description had its `:` separator (a bar with no description has none). */
  hasDesc: boolean;
  percent: number;
  count: number;
  total: number;
  elapsed: number | null;
  eta: number | null;
  /** Steps per second. */
  rate: number | null;
  /** Raw postfix texts of `lr:` and `loss:` (kept as text: the parser compares redraws by it). */
  lr: string | null;
  loss: string | null;
  /** Index just after the bar: after `]`, or the end of the text when it was cut short. */
  end: number;
  closed: boolean;
}

const C0 = 48;
const C9 = 57;

function isDigit(c: number): boolean {
  return c >= C0 && c <= C9;
}

/** The first bar in `s` at or after `from`, or null. */
export function findBar(s: string, from = 0): BarMatch | null {
  let p = s.indexOf('%', from);
  while (p !== -1) {
    const m = barAt(s, from, p);
    if (m) return m;
    p = s.indexOf('%', p + 1);
  }
  return null;
}

function barAt(s: string, from: number, p: number): BarMatch | null {
  // percentage digits just before '%'
  let j = p - 1;
  while (j >= from && isDigit(s.charCodeAt(j))) j--;
  const digitsStart = j + 1;
  if (digitsStart === p || p - digitsStart > 3) return null;
  const percent = parseInt(s.slice(digitsStart, p), 10);
  // description: `desc:` then spaces (none when collapsed)
  let k = digitsStart - 1;
  while (k >= from && s.charCodeAt(k) === 32) k--;
  let desc = '';
  let hasDesc = false;
  if (k >= from && s.charCodeAt(k) === 58 /* : */) {
    desc = s.slice(from, k).trim();
    hasDesc = true;
  } else if (k + 1 === digitsStart && k >= from && /\w/.test(s[k])) {
    // digits glued to a word ("abc42%") are not a bar
    return null;
  }
  // cells: |....| (may be empty or missing)
  let q = p + 1;
  if (s.charCodeAt(q) === 124 /* | */) {
    const close = s.indexOf('|', q + 1);
    if (close === -1) return null;
    q = close + 1;
  }
  while (s.charCodeAt(q) === 32) q++;
  // n/total
  const nStart = q;
  while (isDigit(s.charCodeAt(q))) q++;
  if (q === nStart || s.charCodeAt(q) !== 47 /* / */) return null;
  const count = parseInt(s.slice(nStart, q), 10);
  q++;
  const tStart = q;
  while (isDigit(s.charCodeAt(q))) q++;
  if (q === tStart) return null;
  // a count cut off mid-number (`1251/30` at the end of a trimmed line) cannot be trusted
  if (q >= s.length) return null;
  const total = parseInt(s.slice(tStart, q), 10);
  const match: BarMatch = {
    desc,
    hasDesc,
    percent,
    count,
    total,
    elapsed: null,
    eta: null,
    rate: null,
    lr: null,
    loss: null,
    end: q,
    closed: false,
  };
  let r = q;
  while (s.charCodeAt(r) === 32) r++;
  if (s.charCodeAt(r) !== 91 /* [ */) return match;
  const close = s.indexOf(']', r + 1);
  const bodyEnd = close === -1 ? s.length : close;
  const body = s.slice(r + 1, bodyEnd);
  match.end = close === -1 ? s.length : close + 1;
  match.closed = close !== -1;
  // elapsed<eta
  const lt = body.indexOf('<');
  const c1 = body.indexOf(',');
  if (lt !== -1 && (c1 === -1 || lt < c1)) {
    match.elapsed = parseClock(body.slice(0, lt));
    match.eta = parseClock(body.slice(lt + 1, c1 === -1 ? body.length : c1));
  } else {
    match.elapsed = parseClock(body.slice(0, c1 === -1 ? body.length : c1));
  }
  if (c1 === -1) return match;
  // rate
  const c2 = body.indexOf(',', c1 + 1);
  match.rate = parseRate(body.slice(c1 + 1, c2 === -1 ? body.length : c2));
  if (c2 === -1) return match;
  const postfix = body.slice(c2 + 1);
  match.lr = postfixValue(postfix, 'lr: ');
  match.loss = postfixValue(postfix, 'loss: ');
  return match;
}

/** tqdm's format_interval: `MM:SS`, `H:MM:SS` (hours unbounded), `?` when unknown. */
export function parseClock(text: string): number | null {
  let t = text.trim();
  if (t === '' || t.includes('?')) return null;
  let days = 0;
  const d = t.indexOf('d');
  if (d !== -1) {
    days = Number(t.slice(0, d));
    t = t.slice(d + 1).trim();
  }
  let total = 0;
  for (const part of t.split(':')) {
    if (part === '' || !/^\d+$/.test(part)) return null;
    total = total * 60 + Number(part);
  }
  return Number.isFinite(days) ? days * 86400 + total : null;
}

/** `3.99it/s` → 3.99; `1.20s/it` → 1/1.2; `?it/s` → null. */
export function parseRate(text: string): number | null {
  const t = text.trim();
  const x = parseFloat(t);
  if (!Number.isFinite(x) || x <= 0) return null;
  if (t.endsWith('s/it')) return 1 / x;
  if (t.endsWith('it/s')) return x;
  return null;
}

function postfixValue(postfix: string, key: string): string | null {
  let i = postfix.indexOf(key);
  // `loss: ` must be its own key, not the tail of `prior_loss: `
  while (i > 0 && postfix.charCodeAt(i - 1) !== 32 && postfix.charCodeAt(i - 1) !== 44) i = postfix.indexOf(key, i + 1);
  if (i === -1) return null;
  const start = i + key.length;
  let end = start;
  while (end < postfix.length && postfix.charCodeAt(end) !== 32 && postfix.charCodeAt(end) !== 44) end++;
  return end > start ? postfix.slice(start, end) : null;
}

/** ai-toolkit prints `{value:.3e}` / `{lr:.1e}`; Python spells non-finite values nan/inf. */
export function parseNumber(text: string | null): number | null {
  if (text === null) return null;
  const t = text.toLowerCase();
  if (t === 'nan' || t === '-nan') return NaN;
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  const x = Number(text);
  return Number.isNaN(x) ? null : x;
}
