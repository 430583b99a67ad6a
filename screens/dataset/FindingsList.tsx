import { Box, Text } from 'ink';
import type { Finding } from '../../src/dataset/finding.js';
import { displayPath } from '../../src/text/display.js';
import { Panel } from '../../src/ui/Panel.js';
import { glyph, severityColor, theme } from '../../src/ui/theme.js';
import { baseName, type FindingRow } from './findings-view.js';
import { truncate } from '../../src/text/truncate.js';

const HEADING = { error: 'Errors', warning: 'Warnings', info: 'Notes' } as const;

export function FindingsList({
  findings,
  rows,
  top,
  selected,
  width,
  height,
  loading,
  failed,
}: {
  findings: readonly Finding[];
  rows: readonly FindingRow[];
  top: number;
  selected: number;
  width: number;
  height: number;
  loading: boolean;
  failed: string | null;
}) {
  const visible = Math.max(1, height - 3);
  const inner = Math.max(4, width - 4);
  const title = loading ? 'Findings' : `Findings ${findings.length === 0 ? '' : `${selected + 1}/${findings.length}`}`;
  return (
    <Panel title={title} focused width={width} height={height}>
      {failed ? (
        <Text color={theme.status.error} wrap="wrap">
          {failed}
        </Text>
      ) : loading ? (
        <Text color={theme.text.muted}>checking…</Text>
      ) : findings.length === 0 ? (
        <Text color={theme.status.success}>{glyph.success} nothing to report</Text>
      ) : (
        <Box flexDirection="column" height={visible} overflow="hidden">
          {rows.slice(top, top + visible).map((row, i) => {
            if (row.type === 'header') {
              return (
                <Text key={`h${row.severity}`} bold color={severityColor(row.severity)} wrap="truncate">
                  {glyph[row.severity]} {HEADING[row.severity]} ({row.count})
                </Text>
              );
            }
            const f = findings[row.index];
            const isSel = row.index === selected;
            const file = f.files[0] ? displayPath(baseName(f.files[0])) : '';
            const text = `${isSel ? glyph.pointer : ' '} ${f.rule}${file ? `  ${file}` : ''}`;
            return (
              <Text
                key={`f${row.index}-${i}`}
                wrap="truncate"
                color={isSel ? theme.selection.fg : severityColor(f.severity)}
                backgroundColor={isSel ? theme.selection.bg : undefined}
                bold={isSel}
                inverse={isSel && theme.noColor}
              >
                {truncate(text, inner).padEnd(inner)}
              </Text>
            );
          })}
        </Box>
      )}
    </Panel>
  );
}
