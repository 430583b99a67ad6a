import { Text } from 'ink';
import { theme } from './theme.js';

/** A one-line bar: `████████░░░░ 63%  label`. Width in columns for the bar itself. */
export function ProgressBar({ ratio, width, label }: { ratio: number; width: number; label?: string }) {
  const r = Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 0;
  const filled = Math.round(r * width);
  return (
    <Text wrap="truncate">
      <Text color={theme.status.success}>{'█'.repeat(filled)}</Text>
      <Text color={theme.text.muted}>{'░'.repeat(Math.max(0, width - filled))}</Text>
      <Text> {String(Math.floor(r * 100)).padStart(3)}%</Text>
      {label ? <Text color={theme.text.secondary}> {label}</Text> : null}
    </Text>
  );
}
