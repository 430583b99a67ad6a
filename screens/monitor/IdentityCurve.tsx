import { Box, Text } from 'ink';
import { useEffect, useMemo } from 'react';
import { IdentityTracker, type IdentityTrackState } from '../../src/checkpoints/identity-tracker.js';
import { identityCurveText } from '../../src/checkpoints/identity-text.js';
import type { Project } from '../../src/project/index.js';
import { theme } from '../../src/ui/theme.js';
import { useThrottledSubscription } from '../../src/ui/use-throttled.js';

const IDLE: IdentityTrackState = { status: 'idle', message: null, threshold: null, steps: [] };

/** Identity consistency per sample step, the second small curve under the loss: is it learning the face yet? */
export function IdentityCurve({ project, dir, samples, width }: { project: Project | null; dir: string; samples: ReadonlyArray<{ step: number; index: number; local: string | null }>; width: number }) {
  // One tracker per project folder: a reload of lorapilot.yaml keeps the scores made so far.
  const tracker = useMemo(() => (project ? new IdentityTracker(project, dir) : null), [project?.name, dir]);
  useEffect(() => () => void tracker?.close(), [tracker]);
  useEffect(() => tracker?.add(samples.flatMap((s) => (s.local ? [{ step: s.step, prompt: s.index, path: s.local }] : []))), [tracker, samples]);
  const subscribe = useMemo(() => (tracker ? (push: (s: IdentityTrackState) => void) => tracker.subscribe(push) : null), [tracker]);
  const state = useThrottledSubscription(subscribe, IDLE, 100);
  const line = identityCurveText(state, width);
  return (
    <Box width={width} height={1}>
      <Text color={line.drop ? theme.status.error : theme.text.secondary} wrap="truncate">
        {line.text}
      </Text>
    </Box>
  );
}
