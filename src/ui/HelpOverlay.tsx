import { Box, Text } from 'ink';
import { formatKeys, type KeyBinding } from './keys.js';
import { theme } from './theme.js';

/** `?` overlay: every binding of the current screen and of the app, grouped, from the same registry. */
export function HelpOverlay({
  title,
  bindings,
  width,
  height,
}: {
  title: string;
  bindings: readonly KeyBinding[];
  width: number;
  height: number;
}) {
  const groups = new Map<string, KeyBinding[]>();
  for (const b of bindings) {
    if (b.enabled === false) continue;
    const g = b.group ?? title;
    groups.set(g, [...(groups.get(g) ?? []), b]);
  }
  const keyWidth = Math.min(18, Math.max(...bindings.map((b) => formatKeys(b.keys).length), 4) + 2);
  const lines: Array<{ group?: string; binding?: KeyBinding }> = [];
  for (const [g, list] of groups) {
    if (lines.length > 0) lines.push({});
    lines.push({ group: g });
    for (const b of list) lines.push({ binding: b });
  }
  const visible = lines.slice(0, Math.max(1, height - 4));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.border.focused} width={width} height={height} paddingX={1}>
      <Text bold>Keys — {title}</Text>
      {visible.map((l, i) =>
        l.group ? (
          <Text key={i} bold color={theme.text.accent}>
            {l.group}
          </Text>
        ) : l.binding ? (
          <Box key={i}>
            <Box width={keyWidth} flexShrink={0}>
              <Text bold>{formatKeys(l.binding.keys)}</Text>
            </Box>
            <Text wrap="truncate">{l.binding.description ?? l.binding.label}</Text>
          </Box>
        ) : (
          <Text key={i}> </Text>
        ),
      )}
      <Text color={theme.text.muted}>esc or ? to close</Text>
    </Box>
  );
}
