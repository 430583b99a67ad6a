import { Text } from 'ink';
import type { ReviewItem } from '../../src/captions/review.js';
import { tagProgressText } from '../../src/captions/report-text.js';
import type { TagProgress } from '../../src/captions/tagger/wd14.js';
import { ProgressBar } from '../../src/ui/ProgressBar.js';
import { glyph, theme } from '../../src/ui/theme.js';
import type { Mode } from './captions-keys.js';

/** The bottom line: the field being typed into, auto-tagging progress, or the selected caption's fix. */
export function BottomLine({ mode, completions, tagging, width, current }: { mode: Mode; completions: readonly string[]; tagging: TagProgress | null; width: number; current: ReviewItem | null }) {
  const W = width;
  if (mode.kind === 'edit' || mode.kind === 'tagFilter' || mode.kind === 'bulkArg') {
    const label = mode.kind === 'edit' ? 'add tag' : mode.kind === 'tagFilter' ? 'has tag' : mode.prompt;
    return (
      <Text wrap="truncate">
        <Text color={theme.text.accent}>{label} › </Text>
        {mode.input}
        <Text inverse> </Text>
        {completions.length ? <Text color={theme.text.muted}>  tab: {completions.join(', ')}</Text> : null}
      </Text>
    );
  } else if (tagging) {
        return (
      <ProgressBar
        ratio={tagging.done / Math.max(1, tagging.total)}
        width={Math.max(10, Math.min(30, W - 50))}
        label={`tagging ${tagProgressText(tagging)} ${glyph.separator} esc stops`}
      />
    );
  } else if (mode.kind === 'text') {
    return <Text wrap="truncate" color={theme.text.muted}>{completions.length ? `tab: ${completions.join(', ')}` : 'enter saves · esc cancels'}</Text>;
  } else {
    const fix = current?.problems[0]?.fix;
    return <Text wrap="truncate" color={theme.text.muted}>{fix ? `fix: ${fix}` : current ? `${current.tags.length} tags` : ''}</Text>;
  }
}
