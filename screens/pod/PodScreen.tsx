import { Box, Text } from 'ink';
import { Panel } from '../../src/ui/Panel.js';
import { theme } from '../../src/ui/theme.js';
import { useApp } from '../app-context.js';

export function PodScreen() {
  const app = useApp();
  return (
    <Panel title="Pod" width={app.width} height={app.height}>
      <Box>
        <Text color={theme.text.muted}>This step is not available in this build.</Text>
      </Box>
    </Panel>
  );
}
