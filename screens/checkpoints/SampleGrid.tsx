import { Box, Text } from 'ink';
import type { CheckpointEntry } from '../../src/checkpoints/checkpoint-index.js';
import type { SampleRef } from '../../src/checkpoints/pairing.js';
import { stripAnsi } from '../../src/text/sanitize.js';
import { glyph, theme } from '../../src/ui/theme.js';
import { SampleImage } from './SamplePanes.js';
import type { SampleState } from './use-checkpoints.js';

const LABEL_W = 11;
const MIN_CELL_W = 12;
const MIN_CELL_H = 4;

/** The checkpoints and prompts a grid of this size shows: windows around the focused ones. */
export function gridWindow(rows: number, prompts: number, focusRow: number, focusPrompt: number, width: number, height: number) {
  const cols = Math.max(1, Math.min(prompts, Math.floor((width - LABEL_W) / MIN_CELL_W)));
  const shownRows = Math.max(1, Math.min(rows, Math.floor((height - 1) / MIN_CELL_H)));
  const firstRow = Math.max(0, Math.min(focusRow - Math.floor(shownRows / 2), rows - shownRows));
  const firstPrompt = Math.max(0, Math.min(focusPrompt - Math.floor(cols / 2), prompts - cols));
  return { firstRow, shownRows, firstPrompt, cols, cellW: Math.floor((width - LABEL_W) / cols), cellH: Math.floor((height - 1) / shownRows) };
}

/**
 * Every checkpoint × prompt at once: a row per checkpoint (its step on the left), a column per
 * prompt (its text on top), each cell that checkpoint's sample for that prompt. The focused cell is
 * marked; ↑/↓ and ←/→ move it, z shows it full screen.
 */
export function SampleGrid({ rows, focusRow, prompt, promptCount, prompts, lookup, width, height }: { rows: readonly CheckpointEntry[]; focusRow: number; prompt: number; promptCount: number; prompts: readonly string[]; lookup: (s: SampleRef) => SampleState; width: number; height: number }) {
  if (promptCount === 0 || rows.length === 0) {
    return (
      <Box width={width} height={height}>
        <Text color={theme.text.muted}>No samples in this run to lay out.</Text>
      </Box>
    );
  }
  const g = gridWindow(rows.length, promptCount, focusRow, prompt, width, height);
  const promptIdx = Array.from({ length: g.cols }, (_, k) => g.firstPrompt + k);
  return (
    <Box width={width} height={height} flexDirection="column" overflow="hidden">
      <Box width={width} height={1}>
        <Text>{' '.repeat(LABEL_W)}</Text>
        {promptIdx.map((i) => (
          <Box key={i} width={g.cellW}>
            <Text wrap="truncate" bold={i === prompt} color={i === prompt ? theme.text.accent : theme.text.secondary}>
              {`${i + 1}: ${stripAnsi(prompts[i] ?? '')}`}
            </Text>
          </Box>
        ))}
      </Box>
      {rows.slice(g.firstRow, g.firstRow + g.shownRows).map((r, k) => {
        const rowAt = g.firstRow + k;
        const byIndex = new Map(r.samples.map((s) => [s.index, s]));
        return (
          <Box key={r.file} width={width} height={g.cellH} flexDirection="row" overflow="hidden">
            <Box width={LABEL_W}>
              <Text wrap="truncate" bold={rowAt === focusRow} color={rowAt === focusRow ? theme.text.accent : undefined}>
                {rowAt === focusRow ? glyph.pointer : ' '} {r.step === null ? 'final' : `step ${r.step}`}
              </Text>
            </Box>
            {promptIdx.map((i) => {
              const s = byIndex.get(i);
              const focused = rowAt === focusRow && i === prompt;
              return (
                <Box key={i} width={g.cellW} height={g.cellH} flexDirection="column" borderStyle={focused ? 'single' : undefined} borderColor={theme.border.focused}>
                  <SampleImage sample={s} state={s ? lookup(s) : null} width={g.cellW - (focused ? 2 : 1)} height={Math.max(1, g.cellH - (focused ? 2 : 0))} />
                </Box>
              );
            })}
          </Box>
        );
      })}
    </Box>
  );
}
