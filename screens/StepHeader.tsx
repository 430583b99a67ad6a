import { Box, Text } from 'ink';
import type { Project } from '../src/project/index.js';
import { STEP_IDS, type StepId } from '../src/project/step-ids.js';
import { STEP_TITLES, stepMark, stepRows } from '../src/project/steps.js';
import { glyph, theme } from '../src/ui/theme.js';

/** Columns the step list takes: "✔ 1 Dataset" per step, " › " between. */
function stepsWidth(current: StepId, compact: boolean): number {
  return STEP_IDS.reduce((n, id, i) => n + (i > 0 ? 3 : 0) + 4 + (compact && id !== current ? STEP_TITLES[id].slice(0, 4) : STEP_TITLES[id]).length, 0);
}

/** The six steps with where the project stands; the current one highlighted. */
export function StepHeader({ current, project, width }: { current: StepId; project: Project | null; width: number }) {
  const compact = stepsWidth(current, false) > width;
  const label = project ? ` ${project.name} · ${project.trigger}${project.demo ? ' · demo' : ''}` : '';
  const showLabel = label !== '' && stepsWidth(current, compact) + label.length + 1 <= width;
  return (
    <Box width={width} justifyContent="space-between">
      <Text wrap="truncate">
        {stepRows(project).map((s, i) => {
          const status = s.state;
          const mark = glyph[stepMark(status)];
          const markColor = status === 'done' ? theme.step.done : status === 'attention' ? theme.step.attention : theme.step.todo;
          const isCurrent = s.id === current;
          const label = compact && !isCurrent ? s.title.slice(0, 4) : s.title;
          return (
            <Text key={s.id}>
              {i > 0 ? <Text color={theme.text.muted}> › </Text> : null}
              <Text color={markColor}>{mark}</Text>
              <Text bold={isCurrent} inverse={isCurrent && theme.noColor} color={isCurrent ? theme.step.current : undefined}>
                {` ${i + 1} ${label}`}
              </Text>
            </Text>
          );
        })}
      </Text>
      {showLabel ? (
        <Text color={theme.text.secondary} wrap="truncate">
          {label}
        </Text>
      ) : null}
    </Box>
  );
}
