import { Text } from 'ink';
import { BULK_ACTIONS } from '../../src/captions/op-builder.js';
import type { ReviewItem } from '../../src/captions/review.js';
import type { TagCount } from '../../src/captions/stats.js';
import { worstSeverity } from '../../src/captions/status.js';
import { Panel } from '../../src/ui/Panel.js';
import { glyph, severityColor, theme } from '../../src/ui/theme.js';
import type { Mode } from './captions-keys.js';
import { truncate } from '../../src/text/truncate.js';
import { oneLine } from '../../src/text/sanitize.js';

function statusGlyph(item: ReviewItem): { mark: string; color?: string } {
  const s = worstSeverity(item.problems);
  if (s === 'ok') return { mark: glyph.success, color: theme.status.success };
  if (s === 'error') return { mark: glyph.error, color: severityColor('error') };
  if (s === 'warning') return { mark: glyph.warning, color: severityColor('warning') };
  return { mark: glyph.info, color: severityColor('info') };
}


/** The left pane: the images, the tag table or the bulk menu. */
export function LeftPane({ mode, freq, freqScope, items, list, listRows, listW, listH, marks }: {
  mode: Mode;
  freq: readonly TagCount[];
  freqScope: string | null;
  items: readonly ReviewItem[];
  list: { index: number; top: number };
  listRows: number;
  listW: number;
  listH: number;
  marks: ReadonlySet<string>;
}) {
  if (mode.kind === 'stats') {
    const rows = freq.slice(mode.top, mode.top + listRows);
    const tw = Math.max(8, listW - 16);
    return (
      <Panel title={`Tags ${freqScope ? `in ${freqScope}` : 'in the dataset'} (${freq.length})`} focused width={listW} height={listH}>
        {rows.length === 0 ? <Text color={theme.text.muted}>no tags yet</Text> : null}
        {rows.map((t, k) => {
          const sel = mode.top + k === mode.index;
          return (
            <Text key={t.key} wrap="truncate" inverse={sel}>
              {sel ? glyph.pointer : ' '} {String(t.images).padStart(4)} {truncate(oneLine(t.tag), tw)}
            </Text>
          );
        })}
      </Panel>
    );
  } else if (mode.kind === 'bulk' || mode.kind === 'bulkArg') {
    const scope = marks.size ? `${marks.size} marked` : `${items.length} listed`;
    return (
      <Panel title={`Bulk fix · ${scope} images`} focused width={listW} height={listH}>
        {BULK_ACTIONS.slice(0, listRows).map((b, k) => {
          const sel = mode.kind === 'bulk' ? k === mode.index : b.id === mode.id;
          return (
            <Text key={b.id} wrap="truncate" inverse={sel}>
              {sel ? glyph.pointer : ' '} {b.label}
            </Text>
          );
        })}
      </Panel>
    );
  } else {
    const rows = items.slice(list.top, list.top + listRows);
    return (
      <Panel title="Images" focused={mode.kind === 'browse'} width={listW} height={listH}>
        {items.length === 0 ? <Text color={theme.text.muted}>no image matches this filter (f: next filter)</Text> : null}
        {rows.map((it, k) => {
          const sel = list.top + k === list.index;
          const g = statusGlyph(it);
          const marked = marks.has(it.target.image.rel);
          const note = it.problems[0] ? ` ${it.problems[0].rule.replace(/^caption\./, '')}` : '';
          return (
            <Text key={it.target.image.rel} wrap="truncate" inverse={sel}>
              {marked ? glyph.marked : ' '}
              <Text color={sel ? undefined : g.color}>{g.mark}</Text> {it.target.image.rel}
              <Text color={sel ? undefined : theme.text.muted}>{note}</Text>
            </Text>
          );
        })}
      </Panel>
    );
  }
}
