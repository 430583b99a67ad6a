import { Box, Text } from 'ink';
import { formatKeys, type KeyBinding } from './keys.js';
import { theme } from './theme.js';

/** Footer: the active keymap's bindings, then the global ones, cut to fit the width. */
export function KeyHints({ bindings, width }: { bindings: readonly KeyBinding[]; width: number }) {
  const items = bindings.filter((b) => b.enabled !== false && !b.helpOnly);
  const parts: Array<{ keys: string; label: string }> = [];
  let used = 0;
  for (const b of items) {
    const keys = formatKeys(b.keys.slice(0, 2));
    const len = keys.length + 1 + b.label.length + 3;
    if (used + len > width) break;
    used += len;
    parts.push({ keys, label: b.label });
  }
  return (
    <Box width={width} overflow="hidden">
      <Text wrap="truncate">
        {parts.map((p, i) => (
          <Text key={i}>
            {i > 0 ? <Text color={theme.text.muted}> · </Text> : null}
            <Text bold color={theme.text.accent}>
              {p.keys}
            </Text>
            <Text color={theme.text.secondary}> {p.label}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
