import { Box, Text } from 'ink';
import { kindLabel } from '../../src/dataset/format.js';
import type { CheckProgress } from '../../src/dataset/check.js';
import { checkProgressLabel } from '../../src/dataset/check-request.js';
import type { CheckReport } from '../../src/dataset/report.js';
import { GUIDE } from '../../src/dataset/rules/counts.js';
import { formatCount as fmt } from '../../src/text/format.js';
import { glyph, severityColor, theme } from '../../src/ui/theme.js';

const MAX_FOLDER_ROWS = 3;

/** Rows the summary takes: verdict, one bar per folder (≤ 3), epoch and composition; less on short screens. */
export function summaryHeight(report: CheckReport | null, height: number): number {
  if (!report) return 2;
  const folders = Math.min(MAX_FOLDER_ROWS, report.folders.filter((f) => f.images > 0).length);
  return height < 16 ? 2 : 2 + folders;
}


export function Summary({ report, width, height, decoding = null }: { report: CheckReport; width: number; height: number; decoding?: CheckProgress | null }) {
  const { verdict, counts } = report;
  const tone = verdict.status === 'blocked' ? 'error' : verdict.status === 'attention' ? 'warning' : 'success';
  const mark = verdict.status === 'blocked' ? glyph.error : verdict.status === 'attention' ? glyph.warning : glyph.success;
  const folders = report.folders.filter((f) => f.images > 0).slice(0, MAX_FOLDER_ROWS);
  const nameW = Math.min(24, Math.max(8, ...folders.map((f) => (f.rel || '.').length)));
  const barW = Math.max(6, Math.min(30, width - nameW - 40));
  const c = report.composition.character;
  const b = report.composition.realbody;
  const comp = [
    report.totals.character > 0 ? `close-up ${c.closeup.have}/${c.closeup.target} · full body ${c.fullbody.have}/${c.fullbody.target} · variety ${c.variety.have}/${c.variety.target}` : '',
    report.totals.realbody > 0 ? `legs ${b.legs.have}/${b.legs.target} · torso ${b.torso.have}/${b.torso.target} · detail ${b.fullbody.have}/${b.fullbody.target}` : '',
  ]
    .filter(Boolean)
    .join(' │ ');
  const compact = height <= 2;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold color={severityColor(tone)}>
          {mark} {verdict.text}
        </Text>
        <Text color={theme.text.muted}> {glyph.separator} </Text>
        <Text color={severityColor('error')}>{glyph.error} {counts.error}</Text>
        <Text> </Text>
        <Text color={severityColor('warning')}>{glyph.warning} {counts.warning}</Text>
        <Text> </Text>
        <Text color={severityColor('info')}>{glyph.info} {counts.info}</Text>
        {report.trigger ? <Text color={theme.text.muted}> · trigger {report.trigger}</Text> : null}
        {decoding ? (
          <Text color={theme.text.accent}>
            {' '}
            {glyph.separator} {decoding.phase === 'decode' || decoding.phase === 'faces' ? checkProgressLabel(decoding) : `decoding images ${glyph.ellipsis}`}
          </Text>
        ) : !report.decoded ? (
          <Text color={theme.text.muted}> · fast check</Text>
        ) : null}
      </Text>
      {compact
        ? null
        : folders.map((f) => {
            const target = f.kind === 'realbody' ? GUIDE.realbody : GUIDE.character;
            const ratio = Math.min(1, f.images / target);
            const filled = Math.round(ratio * barW);
            return (
              <Text key={f.rel} wrap="truncate">
                <Text>{(f.rel || '.').slice(0, nameW).padEnd(nameW)} </Text>
                <Text color={theme.text.secondary}>{kindLabel(f.kind).padEnd(9)} </Text>
                <Text color={f.images >= target ? theme.status.success : theme.status.warning}>{'█'.repeat(filled)}</Text>
                <Text color={theme.text.muted}>{'░'.repeat(barW - filled)}</Text>
                <Text>
                  {' '}
                  {String(f.images).padStart(3)}/{target} × {f.repeats ?? 1} = {fmt(f.perEpoch)}
                </Text>
              </Text>
            );
          })}
      <Text wrap="truncate">
        <Text>per epoch </Text>
        <Text bold>{fmt(report.imagesPerEpoch)}</Text>
        <Text color={theme.text.muted}>/{fmt(GUIDE.imagesPerEpoch)}</Text>
        {comp ? <Text color={theme.text.secondary}> · {comp}</Text> : null}
      </Text>
    </Box>
  );
}
