import { Box, Text } from 'ink';
import type { TextLine } from '../../src/config/build-text.js';
import { compactMathLines } from '../../src/config/build-text.js';
import type { BuildResult } from '../../src/config/builder.js';
import { FIELD_LABELS, FIELDS, formatChoice, type Choices } from '../../src/config/choices.js';
import { lengthInOtherUnit, namesUnit, type LengthUnit } from '../../src/config/length.js';
import type { ConfigContext } from '../../src/config/service.js';
import { plural } from '../../src/text/format.js';
import { Panel } from '../../src/ui/Panel.js';
import { glyph, severityColor, theme } from '../../src/ui/theme.js';

interface Box2 {
  width: number;
  height: number;
}

/** The field list: the selected field shows ‹ value › or the text being typed. */
export function ChoicesPane(p: Box2 & { ctx: ConfigContext; choices: Choices; result: BuildResult; field: number; focused: boolean; dirty: boolean; editing: string | null; unit?: LengthUnit | null }) {
  const title = `${p.dirty ? `${glyph.info} ` : ''}${p.ctx.scan ? `${plural(p.ctx.scan.images.length, 'image')} in ${plural(p.result.math.folders.length, 'folder')}` : 'dataset not readable'}`;
  // Keep the selected field in view when the pane is shorter than the list (narrow terminals).
  const rows = Math.max(1, p.height - 3);
  const top = Math.max(0, Math.min(p.field - Math.floor(rows / 2), FIELDS.length - rows));
  return (
    <Panel title={title} focused={p.focused} width={p.width} height={p.height} overflow="hidden">
      {FIELDS.slice(top, top + rows).map((f, j) => {
        const selected = top + j === p.field;
        // The length always shows its unit (typed or not) and the same length in the other unit.
        const typedUnit = f === 'length' && p.unit && p.editing !== null && !namesUnit(p.editing) ? ` ${p.unit}` : '';
        let value = selected && p.editing !== null ? `> ${p.editing}▏${typedUnit}` : `${selected ? '‹ ' : '  '}${formatChoice(p.choices, f, p.result.math)}${selected ? ' ›' : ''}`;
        const other = f === 'length' && !(selected && p.editing !== null) ? ` ${lengthInOtherUnit(p.choices, p.result.math)}` : '';
        // the other unit where it fits (the step math pane beside it says the same on wide terminals)
        if (other && 14 + [...value].length + other.length <= p.width - 4) value += other;
        return (
          <Box key={f} width={p.width - 4}>
            <Text color={selected && p.focused ? theme.text.accent : undefined} bold={selected} wrap="truncate">
              {selected ? glyph.pointer : ' '} {FIELD_LABELS[f].padEnd(11)} {value}
            </Text>
          </Box>
        );
      })}
    </Panel>
  );
}

/** The step math in a few lines under the fields (wide terminals). */
export function MathPane(p: Box2 & { result: BuildResult }) {
  const lines = [...compactMathLines(p.result), ...p.result.notes.map((n) => `${glyph[n.severity]} ${n.message}`)];
  return (
    <Panel title="Step math" width={p.width} height={p.height} overflow="hidden">
      {lines.slice(0, Math.max(0, p.height - 3)).map((l, i) => (
        <Text key={i} wrap="truncate" color={l.startsWith('VRAM') ? theme.text.secondary : l.startsWith(glyph.warning) ? theme.status.warning : undefined}>
          {l}
        </Text>
      ))}
    </Panel>
  );
}

function toneColor(tone: NonNullable<TextLine['tone']>): string | undefined {
  if (tone === 'muted') return theme.text.muted;
  if (tone === 'accent') return theme.text.accent;
  return severityColor(tone);
}

/** The right pane: the visible slice of the current tab's lines. */
export function DetailPane(p: Box2 & { title: string; focused: boolean; lines: TextLine[]; scroll: number }) {
  return (
    <Panel title={p.title} focused={p.focused} width={p.width} height={p.height} overflow="hidden">
      {p.lines.map((l, i) => (
        <Text key={p.scroll + i} wrap="truncate" color={l.tone ? toneColor(l.tone) : undefined} bold={l.bold}>
          {l.text || ' '}
        </Text>
      ))}
    </Panel>
  );
}
