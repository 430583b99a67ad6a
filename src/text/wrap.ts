/** Word wrap for text drawn in fixed-width panes and messages, where the line count is needed before drawing. */

/** Greedy word wrap to `width` columns (a word longer than the width keeps its own line). */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ' ' + word;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  return out;
}

/**
 * Word wrap for text drawn in a fixed-width pane, where the line count must be known before drawing
 * (to scroll by it). Continuation lines get a two-space hanging indent so wrapped items stay apart.
 */
export function wrapHanging(text: string, width: number): string[] {
  const w = Math.max(10, width);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > w) {
      out.push(line);
      line = '  ' + word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
