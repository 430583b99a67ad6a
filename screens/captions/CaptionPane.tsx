import { Box, Text } from 'ink';
import type { ReviewItem } from '../../src/captions/review.js';
import { ImagePreview } from '../../src/ui/ImagePreview.js';
import { Panel } from '../../src/ui/Panel.js';
import { useResting } from '../../src/ui/use-resting.js';
import { glyph, severityColor, theme } from '../../src/ui/theme.js';
import { scrollTop } from '../../src/ui/list-window.js';
import type { Mode } from './captions-keys.js';
import { oneLine } from '../../src/text/sanitize.js';

/** As many tags as can fill `cells` (a 20 000-tag caption must not lay out 20 000 elements). */
function shownTags(tags: readonly string[], cells: number): string[] {
  let used = 0;
  let n = 0;
  while (n < tags.length && used < cells) used += tags[n++].length + 3;
  return n < tags.length ? [...tags.slice(0, n), `… ${tags.length - n} more`] : [...tags];
}

/** The right pane: the image and its caption with its problems, or the tag editor. */
export function CaptionPane({ current, mode, detailW, detailH }: { current: ReviewItem | null; mode: Mode; detailW: number; detailH: number }) {
  const innerW = Math.max(10, detailW - 4);
  const innerH = Math.max(3, detailH - 3);
  // The caption follows the selection at once; the image once the selection rests on it.
  const path = current?.target.image.path ?? null;
  const shown = useResting(path);
  if (!current) {
    return (
      <Panel title="Caption" width={detailW} height={detailH}>
        <Text color={theme.text.muted}>nothing selected</Text>
      </Panel>
    );
  } else if (mode.kind === 'edit') {
    const rows = Math.max(1, innerH - 1);
    const top = scrollTop(0, mode.cursor, mode.tags.length, rows);
    return (
      <Panel title={`Editing ${current.target.rel}`} focused width={detailW} height={detailH}>
        {mode.tags.length === 0 ? <Text color={theme.text.muted}>no tags: type one and press , or enter</Text> : null}
        {mode.tags.slice(top, top + rows).map((t, k) => {
          const i = top + k;
          return (
            <Text key={`${i}:${t}`} wrap="truncate" inverse={i === mode.cursor}>
              {String(i + 1).padStart(3)}. {oneLine(t)}
            </Text>
          );
        })}
      </Panel>
    );
  } else {
    const problemRows = Math.min(3, current.problems.length);
    const captionRows = Math.max(2, Math.min(8, Math.ceil(((current.text?.length ?? 10) + 10) / innerW) + 1));
    const previewRows = innerH - captionRows - problemRows;
    return (
      <Panel title={current.target.rel} width={detailW} height={detailH}>
        {previewRows >= 4 ? (
          shown === path ? <ImagePreview path={path} width={innerW} height={previewRows} /> : <Box height={previewRows} />
        ) : null}
        <Box height={captionRows} overflow="hidden" flexDirection="column">
          {mode.kind === 'text' ? (
            <Text wrap="wrap">
              <Text color={theme.text.accent}>text › </Text>
              {oneLine(mode.text)}
              <Text inverse> </Text>
            </Text>
          ) : current.text === null ? (
            <Text color={theme.text.muted}>no caption file</Text>
          ) : (
            <Text wrap="wrap">
              {shownTags(current.tags, captionRows * innerW).map((t, i) => (
                <Text key={`${i}:${t}`}>
                  {i > 0 ? <Text color={theme.text.muted}> {glyph.separator} </Text> : null}
                  <Text color={i === 0 ? theme.text.accent : undefined} bold={i === 0}>
                    {oneLine(t)}
                  </Text>
                </Text>
              ))}
            </Text>
          )}
        </Box>
        {current.problems.slice(0, problemRows).map((p, i) => (
          <Text key={i} wrap="truncate" color={severityColor(p.severity)}>
            {glyph[p.severity]} {p.message}
          </Text>
        ))}
      </Panel>
    );
  }
}
