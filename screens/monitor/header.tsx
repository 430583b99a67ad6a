import { useContext } from 'react';
import { Box, Text } from 'ink';
import { podCostText } from '../../src/pod/runpod-report.js';
import { AppContext } from '../app-context.js';
import { headerLine } from '../../src/training/format.js';
import type { RunSnapshot } from '../../src/training/run-model.js';
import { connectionText, statusText, type Tone } from '../../src/training/status-text.js';
import { theme } from '../../src/ui/theme.js';

export function toneColor(t: Tone): string | undefined {
  return t === 'secondary' ? theme.text.secondary : theme.status[t];
}

/** Two rows: the run, its model, status and connection; then step, epoch, speed, clock and VRAM. */
export function Header({ snap, session, width, rehearsal, model }: { snap: RunSnapshot; session: { where: string; source: string }; width: number; rehearsal: boolean; model: string | null }) {
  const status = statusText(snap);
  const conn = connectionText(snap.connection);
  const project = useContext(AppContext)?.project;
  const cost = session.source === 'job' ? podCostText(project, new Date(), snap.eta) : null;
  return (
    <Box flexDirection="column" width={width} height={2}>
      <Box width={width}>
        <Text wrap="truncate">
          <Text bold>{snap.jobName ?? 'training'}</Text>
          {model ? <Text color={theme.text.secondary}> · {model}</Text> : null}
          {rehearsal ? (
            <Text color={theme.status.warning} bold>
              {' '}
              REHEARSAL
            </Text>
          ) : null}
          <Text> · </Text>
          <Text color={toneColor(status.tone)}>{status.text}</Text>
          <Text color={theme.text.secondary}> · </Text>
          <Text color={toneColor(conn.tone)}>{conn.text}</Text>
          {session.source === 'replay' ? <Text color={theme.text.muted}> · replay {session.where}</Text> : null}
        </Text>
      </Box>
      <Box width={width}>
        <Text wrap="truncate" color={theme.text.secondary}>
          {headerLine(snap)}
          {cost ? ` · ${cost}` : ''}
        </Text>
      </Box>
    </Box>
  );
}
