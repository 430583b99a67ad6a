/**
 * Order for names and rule ids, the same on every machine: case-insensitive first, then by code point.
 * Not localeCompare: its first call loads ICU's collation (~10 ms at start-up), and its order follows the
 * user's locale, so one dataset would list differently on two machines.
 */
export function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
