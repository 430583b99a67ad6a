import chalk from 'chalk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { halfBlocks } from '../../../src/ui/half-blocks.js';

describe('half-block image text', () => {
  let level: typeof chalk.level;
  beforeEach(() => {
    level = chalk.level;
    chalk.level = 3;
  });
  afterEach(() => {
    chalk.level = level;
  });

  it('draws two pixel rows per line: the upper pixel as background, the lower one as foreground', () => {
    // 2×3 pixels: red, green / blue, white / black, black (the odd last row is left out).
    const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0]);
    const text = halfBlocks(rgb, 2, 3);
    expect(text.split('\n')).toHaveLength(1);
    expect(text).toBe('\u001b[48;2;255;0;0m\u001b[38;2;0;0;255m▄\u001b[39m\u001b[49m' + '\u001b[48;2;0;255;0m\u001b[38;2;255;255;255m▄\u001b[39m\u001b[49m');
  });
});
