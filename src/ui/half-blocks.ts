import chalk from 'chalk';

const LOWER_HALF = '\u2584';

/**
 * Draw RGB pixels (3 bytes each, row by row) as text: one cell per two pixel rows, the upper pixel as
 * the background and the lower one as the foreground of '▄'. An odd last pixel row is left out.
 * chalk picks the escape codes the terminal understands (true colour, 256 or 16 colours).
 */
export function halfBlocks(rgb: Uint8Array, width: number, height: number): string {
  const lines: string[] = [];
  for (let y = 0; y + 1 < height; y += 2) {
    let line = '';
    for (let x = 0; x < width; x++) {
      const top = (y * width + x) * 3;
      const bottom = top + width * 3;
      line += chalk.bgRgb(rgb[top], rgb[top + 1], rgb[top + 2]).rgb(rgb[bottom], rgb[bottom + 1], rgb[bottom + 2])(LOWER_HALF);
    }
    lines.push(line);
  }
  return lines.join('\n');
}
