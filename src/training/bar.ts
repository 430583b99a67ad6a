/**
 * One tqdm bar redraw, read by hand rather than by one big regex: the parser meets about two of
 * these per training step, so this is the hot path (bench/parser.ts). A match holds indices into
 * the text; fields are sliced and parsed only when someone needs them.
 *
 * tqdm's default format (reference/ai-toolkit.md §1.3):
 *   {desc}: {percentage:3.0f}%|{bar}| {n}/{total} [{elapsed}<{remaining}, {rate_fmt}{postfix}]
 * Tolerated: no description, no cells (`41%| 1230/3000 [`, as narrow terminals draw it), collapsed
 * spaces, `?` times and rates, `s/it`, hours over 99, a line cut short after the count (tqdm trims to
 * the terminal width under a PTY, §1.3 TTY caveat), a line cut before it (`|####2     | 1050/2500 [`,
 * no description and no percentage: a paste or a log viewer that lost the start) and any text
 * before the description (a pasted prefix).
 */
export interface BarMatch {
  s: string;
  /** Where the search started: the description (and any prefix) is `s.slice(from, descEnd)`. */
  from: number;
  descEnd: number;
  /** The description had its `:` separator (a bar with no description has none). */
  hasDesc: boolean;
  percent: number;
  count: number;
  total: number;
  /** The `[…]` part, or -1 when the line was cut before it. */
  bodyStart: number;
  bodyEnd: number;
  /** Postfix value of `loss:`, or -1. */
  lossStart: number;
  lossEnd: number;
  /** Index just after the bar: after `]`, or the end of the text when it was cut short. */
  end: number;
  closed: boolean;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWord(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * The first bar in `s` at or after `from` (and before `limit`), or null. Pass `into` to reuse one
 * match object across calls (the parser does: a million redraws should not mean a million garbage
 * objects); `limit` lets the parser read a line inside a chunk without copying it out.
 */
export function findBar(s: string, from = 0, into?: BarMatch, limit = s.length): BarMatch | null {
  let p = s.indexOf('%', from);
  while (p !== -1 && p < limit) {
    const m = barAt(s, from, p, into, limit);
    if (m) return m;
    p = s.indexOf('%', p + 1);
  }
  return cutBar(s, from, into, limit);
}

/**
 * A bar whose start was cut off: the line starts (after spaces, or a lone `%`) with `|cells| N/M [`.
 * Nothing else may come before it, or any `a|b| 1/2 [` in a message would read as a bar.
 */
function cutBar(s: string, from: number, into: BarMatch | undefined, limit: number): BarMatch | null {
  let open = from;
  while (s.charCodeAt(open) === 32) open++;
  if (s.charCodeAt(open) === 37 /* % */) open++;
  if (s.charCodeAt(open) !== 124 || open >= limit) return null;
  let close = open + 1;
  while (close < limit && isCell(s.charCodeAt(close))) close++;
  if (s.charCodeAt(close) !== 124 || close >= limit) return null;
  const m = countAt(s, from, close + 1, into, limit, true);
  if (!m) return null;
  m.descEnd = from;
  m.percent = m.total > 0 ? Math.floor((m.count / m.total) * 100) : 0;
  return m;
}

/** tqdm's cells: spaces, ASCII `#`/digits, or the bytes of the Unicode block characters (latin1 view). */
function isCell(c: number): boolean {
  return c === 32 || c === 35 || isDigit(c) || c >= 0x80;
}

function barAt(s: string, from: number, p: number, into: BarMatch | undefined, limit: number): BarMatch | null {
  let j = p - 1;
  while (j >= from && isDigit(s.charCodeAt(j))) j--;
  const digitsStart = j + 1;
  if (digitsStart === p || p - digitsStart > 3) return null;
  let percent = 0;
  for (let i = digitsStart; i < p; i++) percent = percent * 10 + s.charCodeAt(i) - 48;
  let k = digitsStart - 1;
  while (k >= from && s.charCodeAt(k) === 32) k--;
  let descEnd = digitsStart;
  let hasDesc = false;
  if (k >= from && s.charCodeAt(k) === 58 /* : */) {
    descEnd = k;
    hasDesc = true;
  } else if (k + 1 === digitsStart && k >= from && isWord(s.charCodeAt(k))) {
    return null; // digits glued to a word ("abc42%") are not a bar
  }
  let q = p + 1;
  if (s.charCodeAt(q) === 124 /* | */ && !countFollows(s, q + 1)) {
    const close = s.indexOf('|', q + 1);
    if (close === -1 || close >= limit) return null;
    q = close + 1;
  } else if (s.charCodeAt(q) === 124) q++; // `41%| 1230/3000`: a bar drawn without cells
  const m = countAt(s, from, q, into, limit, false);
  if (!m) return null;
  m.descEnd = descEnd;
  m.hasDesc = hasDesc;
  m.percent = percent;
  return m;
}

/** ` 1230/` at q: digits then a slash, which no cell character is. */
function countFollows(s: string, q: number): boolean {
  while (s.charCodeAt(q) === 32) q++;
  const start = q;
  while (isDigit(s.charCodeAt(q))) q++;
  return q > start && s.charCodeAt(q) === 47;
}

/** ` N/M [elapsed<eta, rate, postfix]` from q; with `needBody`, only when the `[` follows. */
function countAt(s: string, from: number, q: number, into: BarMatch | undefined, limit: number, needBody: boolean): BarMatch | null {
  while (s.charCodeAt(q) === 32) q++;
  let count = 0;
  const nStart = q;
  for (let c = s.charCodeAt(q); isDigit(c); c = s.charCodeAt(++q)) count = count * 10 + c - 48;
  if (q === nStart || s.charCodeAt(q) !== 47 /* / */) return null;
  q++;
  let total = 0;
  const tStart = q;
  for (let c = s.charCodeAt(q); isDigit(c); c = s.charCodeAt(++q)) total = total * 10 + c - 48;
  // a total cut off mid-number (`1251/30` at the end of a trimmed line) cannot be trusted
  if (q === tStart || q >= limit) return null;
  let r = q;
  while (s.charCodeAt(r) === 32) r++;
  if (needBody && (s.charCodeAt(r) !== 91 || q === r)) return null;
  const m: BarMatch = into ?? ({} as BarMatch);
  m.s = s;
  m.from = from;
  m.descEnd = q;
  m.hasDesc = false;
  m.percent = 0;
  m.count = count;
  m.total = total;
  m.bodyStart = m.bodyEnd = m.lossStart = m.lossEnd = -1;
  m.end = q;
  m.closed = false;
  if (s.charCodeAt(r) !== 91 /* [ */) return m;
  let close = s.indexOf(']', r + 1);
  if (close >= limit) close = -1;
  m.bodyStart = r + 1;
  m.bodyEnd = close === -1 ? limit : close;
  m.end = close === -1 ? limit : close + 1;
  m.closed = close !== -1;
  // `lr:` is located only when needed (barLrText): once per step, not once per redraw.
  const loss = keyAt(s, 'loss: ', m.bodyStart, m.bodyEnd);
  if (loss !== -1) {
    m.lossStart = loss;
    m.lossEnd = valueEnd(s, loss, m.bodyEnd);
    if (m.lossEnd === loss) m.lossStart = m.lossEnd = -1;
  }
  return m;
}

/** Start of the value after `key` within [from, to), where the key stands on its own (`loss:`, not `prior_loss:`). */
function keyAt(s: string, key: string, from: number, to: number): number {
  let i = s.indexOf(key, from);
  while (i !== -1 && i < to) {
    const before = s.charCodeAt(i - 1);
    if (before === 32 || before === 44) return i + key.length <= to ? i + key.length : -1;
    i = s.indexOf(key, i + 1);
  }
  return -1;
}

function valueEnd(s: string, start: number, to: number): number {
  let e = start;
  while (e < to) {
    const c = s.charCodeAt(e);
    if (c === 32 || c === 44) break;
    e++;
  }
  return e;
}

export function barDescription(b: BarMatch): string {
  return b.s.slice(b.from, b.descEnd).trim();
}

export function barLossText(b: BarMatch): string | null {
  return b.lossStart === -1 ? null : b.s.slice(b.lossStart, b.lossEnd);
}

export function barLrText(b: BarMatch): string | null {
  if (b.bodyStart === -1) return null;
  const lr = keyAt(b.s, 'lr: ', b.bodyStart, b.bodyEnd);
  return lr === -1 ? null : b.s.slice(lr, valueEnd(b.s, lr, b.bodyEnd));
}

/** elapsed, remaining (seconds) and rate (steps per second) from the `[…]` part. */
export interface BarTimes {
  elapsed: number | null;
  eta: number | null;
  rate: number | null;
}

export function barTimes(b: BarMatch, into?: BarTimes): BarTimes {
  const out = into ?? { elapsed: null, eta: null, rate: null };
  out.elapsed = out.eta = out.rate = null;
  if (b.bodyStart === -1) return out;
  const s = b.s;
  const c1 = s.indexOf(',', b.bodyStart);
  const firstEnd = c1 === -1 || c1 > b.bodyEnd ? b.bodyEnd : c1;
  const lt = s.indexOf('<', b.bodyStart);
  let elapsed: number | null;
  let eta: number | null = null;
  if (lt !== -1 && lt < firstEnd) {
    elapsed = clockAt(s, b.bodyStart, lt);
    eta = clockAt(s, lt + 1, firstEnd);
  } else elapsed = clockAt(s, b.bodyStart, firstEnd);
  out.elapsed = elapsed;
  out.eta = eta;
  if (firstEnd === b.bodyEnd) return out;
  const c2 = s.indexOf(',', firstEnd + 1);
  const rateEnd = c2 === -1 || c2 > b.bodyEnd ? b.bodyEnd : c2;
  out.rate = rateAt(s, firstEnd + 1, rateEnd);
  return out;
}

/** tqdm's format_interval in s[from, to): `MM:SS`, `H:MM:SS` (hours unbounded), `Nd H:MM:SS`, `?`. */
function clockAt(s: string, from: number, to: number): number | null {
  let total = 0;
  let part = 0;
  let digits = 0;
  let days = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      part = part * 10 + c - 48;
      digits++;
    } else if (c === 58 /* : */) {
      if (digits === 0) return null;
      total = total * 60 + part;
      part = 0;
      digits = 0;
    } else if (c === 100 /* d */) {
      days = part;
      part = 0;
      digits = 0;
    } else if (c !== 32) return null;
  }
  if (digits === 0) return null;
  return days * 86400 + total * 60 + part;
}

export function parseClock(text: string): number | null {
  return clockAt(text, 0, text.length);
}

/** `3.99it/s` → 3.99; `1.20s/it` → 1/1.2; `?it/s` → null. */
export function parseRate(text: string): number | null {
  return rateAt(text, 0, text.length);
}

function rateAt(s: string, from: number, to: number): number | null {
  let i = from;
  while (i < to && s.charCodeAt(i) === 32) i++;
  let x = 0;
  let scale = 0;
  let digits = 0;
  for (; i < to; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      x = x * 10 + c - 48;
      if (scale) scale *= 10;
      digits++;
    } else if (c === 46 /* . */ && !scale) scale = 1;
    else break;
  }
  if (!digits) return null;
  if (scale) x /= scale;
  if (x <= 0) return null;
  // `it/s` or `s/it`, possibly with an SI prefix (unit_scale) we do not expect from ai-toolkit
  const c = s.charCodeAt(i);
  if (c === 105 /* i */ && s.startsWith('it/s', i)) return x;
  if (c === 115 /* s */ && s.startsWith('s/it', i)) return 1 / x;
  return null;
}

/** ai-toolkit prints `{value:.3e}` / `{lr:.1e}`; Python spells non-finite values nan/inf. */
export function parseNumber(text: string | null): number | null {
  if (text === null) return null;
  const x = Number(text);
  if (!Number.isNaN(x)) return x;
  const t = text.toLowerCase();
  if (t === 'nan' || t === '-nan') return NaN;
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  return null;
}

/** Every field of the first bar in `text`, for tools and tests. */
export function readBar(text: string) {
  const b = findBar(text);
  if (!b) return null;
  return { desc: barDescription(b), percent: b.percent, count: b.count, total: b.total, ...barTimes(b), lr: barLrText(b), loss: barLossText(b), closed: b.closed };
}
