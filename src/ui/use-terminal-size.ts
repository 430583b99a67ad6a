import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Width and height of the terminal, updated on resize (Ink 6.8 has no useWindowSize). */
export function useTerminalSize(fallback: TerminalSize = { columns: 80, rows: 24 }): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({
    columns: stdout.columns || fallback.columns,
    rows: (stdout as NodeJS.WriteStream).rows || fallback.rows,
  });
  const [size, setSize] = useState<TerminalSize>(read);
  useEffect(() => {
    const onResize = () => setSize(read());
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
