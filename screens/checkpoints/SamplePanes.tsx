import { Box, Text } from 'ink';
import type { SampleRef } from '../../src/checkpoints/pairing.js';
import { stripAnsi } from '../../src/text/sanitize.js';
import { ImagePreview } from '../../src/ui/ImagePreview.js';
import { glyph, theme } from '../../src/ui/theme.js';
import type { SampleState } from './use-checkpoints.js';

type Lookup = (s: SampleRef) => SampleState;

/** One sample's image as far as it has arrived: the picture, why it cannot be fetched, or that it is coming. */
export function SampleImage({ sample, state, width, height: imgH }: { sample: SampleRef | undefined; state: SampleState | null; width: number; height: number }) {
  return !sample ? (
    <Box width={width} height={imgH}>
      <Text color={theme.text.muted}>no sample</Text>
    </Box>
  ) : state?.status === 'ok' ? (
    <ImagePreview path={state.path} width={Math.max(2, width - 1)} height={imgH} />
  ) : state?.status === 'error' ? (
    <Box width={width} height={imgH}>
      <Text color={theme.status.error} wrap="wrap">
        cannot fetch: {state.message}
      </Text>
    </Box>
  ) : (
    <Box width={width} height={imgH}>
      <Text color={theme.text.muted}>fetching…</Text>
    </Box>
  );
}

/** One sample image with a one-line caption under it (its prompt's text where known). */
function SampleCell({ sample, state, width, height, caption, focused }: { sample: SampleRef | undefined; state: SampleState | null; width: number; height: number; caption: string; focused: boolean }) {
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <SampleImage sample={sample} state={state} width={width} height={Math.max(1, height - 1)} />
      <Text wrap="truncate" bold={focused} color={focused ? theme.text.accent : theme.text.muted}>
        {focused ? `${glyph.pointer} ` : '  '}
        {caption}
      </Text>
    </Box>
  );
}

/** The selected checkpoint's samples side by side, a window of them around the focused prompt. */
/** The focused prompt's text (ai-toolkit writes no prompt next to the image; it comes from the run's config.yaml). */
function PromptLine({ prompts, prompt, promptCount, width }: { prompts: readonly string[]; prompt: number; promptCount: number; width: number }) {
  const text = prompts[prompt];
  return (
    <Text wrap="truncate" color={theme.text.secondary}>
      {`prompt ${prompt + 1}/${promptCount}${text ? `: ${text}` : ''}`.slice(0, width)}
    </Text>
  );
}

export function SampleStrip({ samples, promptCount, prompt, prompts, lookup, width, height, step }: { samples: readonly SampleRef[]; promptCount: number; prompt: number; prompts: readonly string[]; lookup: Lookup; width: number; height: number; step: number | null }) {
  if (promptCount === 0 || height < 4) {
    return (
      <Box width={width} height={height}>
        <Text color={theme.text.muted}>{promptCount === 0 ? 'No samples in this run (sampling disabled, or none written yet).' : ''}</Text>
      </Box>
    );
  }
  // Cells at least ~18 columns wide; fewer, larger images on narrow terminals.
  const perRow = Math.max(1, Math.min(promptCount, Math.floor(width / 18)));
  const first = Math.max(0, Math.min(prompt - Math.floor(perRow / 2), promptCount - perRow));
  const cellW = Math.floor(width / perRow);
  const byIndex = new Map(samples.map((s) => [s.index, s]));
  return (
    <Box width={width} height={height} flexDirection="column" overflow="hidden">
      <PromptLine prompts={prompts} prompt={prompt} promptCount={promptCount} width={width} />
      <Box width={width} height={height - 1} flexDirection="row" overflow="hidden">
        {Array.from({ length: perRow }, (_, k) => {
          const i = first + k;
          const s = byIndex.get(i);
          return <SampleCell key={`${step}:${i}`} sample={s} state={s ? lookup(s) : null} width={cellW} height={height - 1} caption={`prompt ${i + 1}/${promptCount}${s ? '' : ' (missing)'}${prompts[i] ? `: ${stripAnsi(prompts[i])}` : ''}`} focused={i === prompt} />;
        })}
      </Box>
    </Box>
  );
}

/** Two marked checkpoints, the same prompt, side by side (stacked when very narrow). */
export function ComparePane({ a, b, prompt, promptCount, prompts, lookup, width, height }: { a: { step: number; samples: readonly SampleRef[] }; b: { step: number; samples: readonly SampleRef[] }; prompt: number; promptCount: number; prompts: readonly string[]; lookup: Lookup; width: number; height: number }) {
  const stacked = width < 50;
  const bodyH = Math.max(2, height - 1);
  const cellW = stacked ? width : Math.floor(width / 2);
  const cellH = stacked ? Math.floor(bodyH / 2) : bodyH;
  const cell = (side: { step: number; samples: readonly SampleRef[] }) => {
    const s = side.samples.find((x) => x.index === prompt);
    return <SampleCell key={side.step} sample={s} state={s ? lookup(s) : null} width={cellW} height={cellH} caption={`step ${side.step} · prompt ${prompt + 1}/${promptCount}`} focused={false} />;
  };
  return (
    <Box width={width} height={height} flexDirection="column" overflow="hidden">
      <PromptLine prompts={prompts} prompt={prompt} promptCount={promptCount} width={width} />
      <Box width={width} height={bodyH} flexDirection={stacked ? 'column' : 'row'} overflow="hidden">
        {cell(a)}
        {cell(b)}
      </Box>
    </Box>
  );
}
