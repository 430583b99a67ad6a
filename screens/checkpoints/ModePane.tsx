import { Box, Text } from 'ink';
import type { CheckpointEntry, CheckpointIndex } from '../../src/checkpoints/checkpoint-index.js';
import type { SampleRef } from '../../src/checkpoints/pairing.js';
import { projectCombinedRanking } from '../../src/checkpoints/ranking-combined.js';
import { projectRanking, type Scores } from '../../src/checkpoints/scoring.js';
import { theme } from '../../src/ui/theme.js';
import type { Mode } from './bindings.js';
import { ComparePane, SampleStrip } from './SamplePanes.js';
import { FindingsPane, RankPane, ScorePane } from './ScoringPanes.js';
import type { SampleState } from './use-checkpoints.js';

export interface ModePaneProps {
  mode: Mode;
  index: CheckpointIndex;
  selected: CheckpointEntry | null;
  /** The two marked checkpoints `enter` compares, when there are two. */
  pair: [CheckpointEntry, CheckpointEntry] | null;
  prompt: number;
  criterion: number;
  scores: Scores;
  marked: readonly number[];
  lookup: (s: SampleRef) => SampleState;
  /** Identity consistency per step, once samples are judged; faces.userWeight weighs the user's scores against it. */
  identity?: ReadonlyMap<number, number | null>;
  userWeight: number;
  width: number;
  height: number;
}

/** The pane under the table: the selected checkpoint's samples, or what the mode shows instead. */
export function ModePane(p: ModePaneProps) {
  const { index, selected, width, height } = p;
  const promptCount = index.promptCount;
  if (index.checkpoints.length === 0) {
    return (
      <Box width={width} height={height} flexDirection="column">
        <Text color={theme.text.muted} wrap="wrap">
          No checkpoints yet in {index.folder}. ai-toolkit writes one every save.save_every steps; this list refreshes by itself.
        </Text>
      </Box>
    );
  }
  if (p.mode === 'compare' && p.pair) {
    const [a, b] = p.pair;
    return <ComparePane a={{ step: a.step!, samples: a.samples }} b={{ step: b.step!, samples: b.samples }} prompt={p.prompt} promptCount={promptCount} prompts={index.prompts} lookup={p.lookup} width={width} height={height} />;
  }
  if (p.mode === 'score' && selected?.step != null) return <ScorePane step={selected.step} scores={p.scores} criterion={p.criterion} width={width} height={height} />;
  if (p.mode === 'rank') {
    const own = { scores: p.scores, marked: p.marked };
    return <RankPane rows={projectRanking(own)} combined={p.identity ? projectCombinedRanking(own, p.identity, p.userWeight) : undefined} userWeight={p.userWeight} width={width} height={height} />;
  }
  if (p.mode === 'findings') return <FindingsPane findings={index.findings} width={width} height={height} />;
  return <SampleStrip samples={selected?.samples ?? []} promptCount={promptCount} prompt={p.prompt} prompts={index.prompts} lookup={p.lookup} width={width} height={height} step={selected?.step ?? null} />;
}
