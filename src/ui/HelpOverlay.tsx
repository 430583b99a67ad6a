import { Box, Text } from 'ink';
import { clampHelpScroll, type HelpLine } from './help-lines.js';
import { theme } from './theme.js';

function fit(s: string, w: number): string {
  return s.length > w ? `${s.slice(0, Math.max(0, w - 1))}…` : s.padEnd(w);
}

/**
 * `?` overlay, drawn over the screen (which stays mounted under it): every line is painted to the full width,
 * so none of the screen shows through. Scrolls when the lines do not fit.
 */
export function HelpOverlay({ title, lines, offset, width, height }: { title: string; lines: readonly HelpLine[]; offset: number; width: number; height: number }) {
  // Every cell inside the border is written (a space where there is no text), so the screen under it never shows.
  const inner = Math.max(10, width - 4);
  const pad = (t: string) => ` ${t} `;
  const rows = Math.max(1, height - 4);
  const top = clampHelpScroll(offset, lines.length, rows);
  const shown = lines.slice(top, top + rows);
  const keyWidth = Math.min(20, Math.max(4, ...lines.map((l) => (l.kind === 'key' ? l.keys.length : 0))) + 2);
  const more = lines.length > rows ? `lines ${top + 1}–${top + shown.length} of ${lines.length} · ↑/↓ pgup/pgdn scroll · ` : '';
  return (
    <Box position="absolute" flexDirection="column" borderStyle="round" borderColor={theme.border.focused} width={width} height={height}>
      <Text bold wrap="truncate">
        {pad(fit(`Keys — ${title}`, inner))}
      </Text>
      {shown.map((l, i) =>
        l.kind === 'group' ? (
          <Text key={i} bold color={theme.text.accent} wrap="truncate">
            {pad(fit(l.text, inner))}
          </Text>
        ) : l.kind === 'key' ? (
          <Text key={i} wrap="truncate">
            {' '}
            <Text bold>{fit(l.keys, keyWidth)}</Text>
            {`${fit(l.text, inner - keyWidth)} `}
          </Text>
        ) : (
          <Text key={i}>{' '.repeat(inner + 2)}</Text>
        ),
      )}
      {Array.from({ length: rows - shown.length }, (_, i) => (
        <Text key={`pad${i}`}>{' '.repeat(inner + 2)}</Text>
      ))}
      <Text color={theme.text.muted} wrap="truncate">
        {pad(fit(`${more}? esc q close`, inner))}
      </Text>
    </Box>
  );
}
