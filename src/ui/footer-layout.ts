import { formatKeys, type KeyBinding } from './keys.js';

export interface Hint {
  keys: string;
  label: string;
}

const SEP = 3; // " · "
const width = (h: Hint) => h.keys.length + 1 + h.label.length;

/** The footer hints of a table: what is enabled and not kept for the help only, in declaration order. */
export function hintsOf(bindings: readonly KeyBinding[]): Hint[] {
  return bindings.filter((b) => b.enabled !== false && !b.helpOnly).map((b) => ({ keys: formatKeys(b.keys.slice(0, 2)), label: b.label }));
}

function pack(hints: readonly Hint[], cols: number): Hint[][] {
  const rows: Hint[][] = [];
  let row: Hint[] = [];
  let used = 0;
  for (const h of hints) {
    const w = Math.min(width(h), cols);
    if (row.length > 0 && used + SEP + w > cols) {
      rows.push(row);
      row = [];
      used = 0;
    }
    used += (row.length > 0 ? SEP : 0) + w;
    row.push(h);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/**
 * The footer in rows of `cols` columns: the screen's hints in order, then the pinned ones (`?` help, `q`
 * quit), which are always shown. It wraps to a second row (up to `maxRows`) before it leaves hints out,
 * and leaves out the screen's last hints first (the help lists them all).
 */
export function footerRows(screen: readonly Hint[], pinned: readonly Hint[], cols: number, maxRows = 2): Hint[][] {
  for (let n = screen.length; n >= 0; n--) {
    const rows = pack([...screen.slice(0, n), ...pinned], cols);
    if (rows.length <= maxRows) return rows;
  }
  return pack(pinned, cols);
}
