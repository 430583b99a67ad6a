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

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}
