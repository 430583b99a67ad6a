import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { renderChart, type ChartInput, type ChartRole } from './loss-chart.js';
import { theme } from './theme.js';

/**
 * The loss chart: raw values a faint min–max band, the smoothed curve bright over it, spikes clipped with a mark, checkpoint and epoch marks along the
 * x axis, exactly `width` × `height` cells. `columns` reads the loss series (its pyramid), so a frame
 * costs the same for a 100-step and a 1,000,000-step run. `version` changes when the data does.
 */
export function LossChart(props: ChartInput & { version: number }) {
  const { width, height, from, to, columns, checkpoints, epochs, scale, version } = props;
  const rows = useMemo(
    () => renderChart({ width, height, from, to, columns, checkpoints, epochs, scale }),
    [width, height, from, to, version, scale, checkpoints?.join(','), epochs?.join(',')],
  );
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {rows.map((row, i) => (
        <Text key={i} wrap="truncate">
          {row.map((seg, j) => (
            <Text key={j} {...styleFor(seg.role)}>
              {seg.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}

function styleFor(role: ChartRole): { color?: string; dimColor?: boolean; bold?: boolean } {
  switch (role) {
    case 'smooth':
      return { color: theme.chart.smooth, bold: theme.noColor };
    case 'raw':
      return { color: theme.chart.raw, dimColor: true };
    case 'clip':
      return { color: theme.status.warning };
    case 'mark':
      return { color: theme.chart.mark };
    case 'epoch':
      return { color: theme.chart.axis, dimColor: true };
    case 'axis':
    case 'label':
      return { color: theme.chart.axis };
    default:
      return {};
  }
}
