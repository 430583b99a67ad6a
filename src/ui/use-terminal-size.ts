import { useEffect, useRef, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Clear the whole screen and put the cursor home: the next frame is drawn from the top at the new size. */
const CLEAR = '\u001b[2J\u001b[3J\u001b[H';

/**
 * Width and height of the terminal, updated on resize (Ink 6.8 has no useWindowSize). On a real resize the
 * screen is cleared before the frame at the new size: the terminal rewraps the old frame's lines, so
 * erasing them line by line (as Ink does) would leave pieces of it behind.
 */
export function useTerminalSize(fallback: TerminalSize = { columns: 80, rows: 24 }): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({
    columns: stdout.columns || fallback.columns,
    rows: (stdout as NodeJS.WriteStream).rows || fallback.rows,
  });
  const [size, setSize] = useState<TerminalSize>(read);
  const last = useRef(size);
  useEffect(() => {
    const onResize = () => {
      const next = read();
      if (next.columns === last.current.columns && next.rows === last.current.rows) return;
      last.current = next;
      if ((stdout as NodeJS.WriteStream).isTTY) stdout.write(CLEAR);
      setSize(next);
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

/** gemini-cli's breakpoint: below 80 columns panes stack instead of sitting side by side. */
export function isNarrow(columns: number): boolean {
  return columns < 80;
}
