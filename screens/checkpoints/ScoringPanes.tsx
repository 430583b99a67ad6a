import { Box, Text } from 'ink';
import type { Finding } from '../../src/dataset/finding.js';
import { findingLines } from '../../src/checkpoints/list-text.js';
import { combinedHeader, combinedLine, type CombinedRow } from '../../src/checkpoints/ranking-combined.js';
import { rankingHeader, rankingLine, scoreDots } from '../../src/checkpoints/ranking-text.js';
import { CRITERIA, type RankedRow, type Scores } from '../../src/checkpoints/scoring.js';
import { glyph, severityColor, theme } from '../../src/ui/theme.js';

/** The testing checklist for one checkpoint: each criterion 1–5 (guide §5.4, §6.1). */
export function ScorePane({ step, scores, criterion, width, height }: { step: number; scores: Scores; criterion: number; width: number; height: number }) {
  const mine = scores[String(step)] ?? {};
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate">
        Score step {step} — after testing it in ComfyUI (lorapilot checkpoints plan)
      </Text>
      {CRITERIA.map((c, i) => {
        const v = mine[c.id];
        const sel = i === criterion;
        return (
          <Box key={c.id} flexDirection="column" height={height >= 10 ? 2 : 1}>
            <Text wrap="truncate" color={sel ? theme.text.accent : undefined} bold={sel}>
              {sel ? glyph.pointer : ' '} {c.label.padEnd(18)} {scoreDots(v)} {v === undefined ? '  –' : `  ${v}/5`}
            </Text>
            {height >= 10 ? (
              <Text wrap="truncate" color={theme.text.muted}>
                {'    '}
                {c.question}
              </Text>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}

/**
 * Ranked summary: once the run's samples are judged against the training identity, the combined ranking
 * (measured consistency and the user's mean, as `lorapilot checkpoints faces` prints it); before that the
 * user's scores alone, as `lorapilot checkpoints score` prints them.
 */
export function RankPane({ rows, combined, userWeight, width, height }: { rows: readonly RankedRow[]; combined?: readonly CombinedRow[]; userWeight: number; width: number; height: number }) {
  if (combined) return <CombinedRankPane rows={combined} userWeight={userWeight} width={width} height={height} />;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate">
        Ranking (mean of {CRITERIA.map((c) => c.label.toLowerCase()).join(', ')})
      </Text>
      {rows.length === 0 ? (
        <Text color={theme.text.muted} wrap="wrap">
          Nothing scored yet: select a checkpoint and press s to score it.
        </Text>
      ) : (
        <>
          <Text color={theme.text.muted} wrap="truncate">
            {rankingHeader()}
          </Text>
          {rows.slice(0, Math.max(0, height - 2)).map((r) => (
            <Text key={r.step} wrap="truncate" color={r.rank === 1 ? theme.status.success : r.complete ? undefined : theme.text.muted} bold={r.rank === 1}>
              {rankingLine(r)}
            </Text>
          ))}
        </>
      )}
    </Box>
  );
}

function CombinedRankPane({ rows, userWeight, width, height }: { rows: readonly CombinedRow[]; userWeight: number; width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate">
        Ranking (identity consistency and your mean score)
      </Text>
      <Text color={theme.text.muted} wrap="truncate">
        {combinedHeader(userWeight)}
      </Text>
      {rows.slice(0, Math.max(0, height - 2)).map((r) => (
        <Text key={r.step} wrap="truncate" color={r.rank === 1 ? theme.status.success : r.rank === null ? theme.text.muted : undefined} bold={r.rank === 1}>
          {combinedLine(r)}
        </Text>
      ))}
    </Box>
  );
}

export function FindingsPane({ findings, width, height }: { findings: readonly Finding[]; width: number; height: number }) {
  const lines: Array<{ text: string; color?: string }> = [];
  for (const f of findings) {
    const [what, fix] = findingLines(f);
    lines.push({ text: what, color: severityColor(f.severity) }, { text: fix, color: theme.text.muted });
  }
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {lines.length === 0 ? <Text color={theme.status.success}>{glyph.success} nothing to report</Text> : null}
      {lines.slice(0, height).map((l, i) => (
        <Text key={i} wrap="truncate" color={l.color}>
          {l.text}
        </Text>
      ))}
    </Box>
  );
}
