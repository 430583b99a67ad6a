import { Box, Text } from 'ink';
import type { CheckpointEntry } from '../../src/checkpoints/checkpoint-index.js';
import { checkpointCells } from '../../src/checkpoints/list-text.js';
import { glyph, theme } from '../../src/ui/theme.js';

/** One line per checkpoint; the window scrolls with the selection (list-window reducer). */
export function CheckpointTable({
  rows,
  selected,
  top,
  height,
  width,
  marked,
  chosen,
  local,
  identity,
}: {
  rows: readonly CheckpointEntry[];
  selected: number;
  top: number;
  height: number;
  width: number;
  marked: ReadonlySet<number>;
  chosen: number | null;
  /** The run is on this machine: its folder is the "pod". */
  local: boolean;
  /** Measured identity consistency per step (share of samples showing the same person); the column shows once measured. */
  identity?: ReadonlyMap<number, number | null>;
}) {
  const visible = rows.slice(top, top + height);
  return (
    <Box flexDirection="column" width={width} height={height + 1} overflow="hidden">
      <Text color={theme.text.muted} wrap="truncate">
        {fit(`    ${'step'.padStart(12)}  ${'epoch'.padStart(5)}  ${'loss'.padStart(7)}  ${identity ? `${'identity'.padStart(8)}  ` : ''}${'size'.padStart(8)}  where`, width)}
      </Text>
      {visible.map((c, i) => {
        const idx = top + i;
        const isSel = idx === selected;
        const isMarked = c.step !== null && marked.has(c.step);
        const isChosen = c.step !== null && chosen === c.step;
        const cells = checkpointCells(c, local);
        const step = c.step === null ? cells.step : `${cells.final ? 'final ' : ''}${cells.step}`;
        const line = fit(
          `${isSel ? glyph.pointer : ' '} ${isMarked ? glyph.marked : glyph.unmarked} ${step.padStart(12)}  ${cells.epoch.padStart(5)}  ${cells.loss.padStart(7)}  ${identity ? `${identityCell(identity, c.step).padStart(8)}  ` : ''}${cells.size.padStart(8)}  ${cells.where}${isChosen ? `  ${glyph.success} chosen` : ''}${cells.problem ? `  ${glyph.warning} ${cells.problem}` : ''}`,
          width,
        );
        return (
          <Text
            key={c.file}
            wrap="truncate"
            inverse={isSel && theme.noColor}
            color={isSel ? theme.selection.fg : c.header === 'bad' ? theme.status.warning : isChosen ? theme.status.success : undefined}
            backgroundColor={isSel ? theme.selection.bg : undefined}
            bold={isChosen}
          >
            {line}
          </Text>
        );
      })}
    </Box>
  );
}

function fit(s: string, width: number): string {
  return s.length > width ? s.slice(0, Math.max(0, width - glyph.ellipsis.length)) + glyph.ellipsis : s.padEnd(width);
}

function identityCell(identity: ReadonlyMap<number, number | null> | undefined, step: number | null): string {
  const v = step === null ? undefined : identity?.get(step);
  return v === undefined || v === null ? glyph.dash : `${Math.round(v * 100)}%`;
}
