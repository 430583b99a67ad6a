import { Box, Text } from 'ink';
import type { Finding } from '../../src/dataset/finding.js';
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
              {sel ? glyph.pointer : ' '} {c.label.padEnd(18)} {[1, 2, 3, 4, 5].map((n) => (v !== undefined && n <= v ? '●' : '○')).join(' ')} {v === undefined ? '  –' : `  ${v}/5`}
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

/** Ranked summary of the scored checkpoints. */
export function RankPane({ rows, chosen, width, height }: { rows: readonly RankedRow[]; chosen: number | null; width: number; height: number }) {
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
            {'  rank    step  '}
            {CRITERIA.map((c) => c.id.padEnd(8)).join('')}mean
          </Text>
          {rows.slice(0, Math.max(0, height - 2)).map((r) => (
            <Text key={r.step} wrap="truncate" color={r.rank === 1 ? theme.status.success : r.complete ? undefined : theme.text.muted} bold={r.rank === 1}>
              {(r.rank === null ? '–' : `#${r.rank}`).padStart(6)}
              {String(r.step).padStart(8)}
              {'  '}
              {CRITERIA.map((c) => String(r.scores[c.id] ?? '–').padEnd(8)).join('')}
              {r.mean === null ? '–' : r.mean.toFixed(2)}
              {r.complete ? '' : ' incomplete'}
              {chosen === r.step ? `  ${glyph.success} chosen` : ''}
            </Text>
          ))}
        </>
      )}
    </Box>
  );
}

export function FindingsPane({ findings, width, height }: { findings: readonly Finding[]; width: number; height: number }) {
  const lines: Array<{ text: string; color?: string }> = [];
  for (const f of findings) {
    lines.push({ text: `${glyph[f.severity]} ${f.message}`, color: severityColor(f.severity) });
    lines.push({ text: `  ${f.fix}`, color: theme.text.muted });
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
