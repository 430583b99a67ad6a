import { Box, Text } from 'ink';
import type { Hint } from './footer-layout.js';
import { theme } from './theme.js';

/** Footer: rows of hints laid out by footerRows (wrapped, `?` and `q` always there). */
export function KeyHints({ rows, width }: { rows: readonly Hint[][]; width: number }) {
  return (
    <Box width={width} flexDirection="column" overflow="hidden">
      {rows.map((row, r) => (
        <Text key={r} wrap="truncate">
          {row.map((p, i) => (
            <Text key={i}>
              {i > 0 ? <Text color={theme.text.muted}> · </Text> : null}
              <Text bold color={theme.text.accent}>
                {p.keys}
              </Text>
              <Text color={theme.text.secondary}> {p.label}</Text>
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
