/** What the parser needs to know about a line before reading it (parser.ts). */

/** Descriptions of the other bars ai-toolkit and its libraries draw (§1.10). */
export const OTHER_BARS = /^(Caching |Generating |Attaching |Captioning |Loading checkpoint|Fetching |Downloading|Quantiz)/;
export const OTHER_BAR_IN = /(Caching |Generating |Attaching |Captioning |Loading checkpoint|Fetching |Downloading|Quantiz)[^:]*$/;

/** Escape sequences and backspaces; a regex over every byte would cost more than the parse itself. */
export function hasControl(text: string): boolean {
  return text.indexOf('\x1b') !== -1 || text.indexOf('\b') !== -1;
}
