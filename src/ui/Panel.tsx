import { Box, Text, type BoxProps } from 'ink';
import type { ReactNode } from 'react';
import { theme } from './theme.js';

/** A bordered pane with a title; the focused pane's border is highlighted. */
export function Panel({
  title,
  focused = false,
  children,
  ...box
}: { title?: string; focused?: boolean; children?: ReactNode } & BoxProps) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={focused ? theme.border.focused : theme.border.default} paddingX={1} {...box}>
      {title ? (
        <Text bold color={focused ? theme.text.accent : undefined} wrap="truncate">
          {title}
        </Text>
      ) : null}
      {children}
    </Box>
  );
}
