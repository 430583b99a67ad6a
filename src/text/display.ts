/**
 * Names from the file system shown on one line: a file name may hold newlines or control characters
 * (a hostile or broken dataset); those are shown quoted and escaped, never raw.
 */
const CONTROL = new RegExp('[\\u0000-\\u001f\\u007f]');

export function displayPath(p: string): string {
  return CONTROL.test(p) ? JSON.stringify(p) : p;
}
