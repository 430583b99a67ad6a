import { Box, Text } from 'ink';
import { stripAnsi } from '../text/sanitize.js';
import { wrapWords } from '../text/wrap.js';
import { ImagePreview } from './ImagePreview.js';
import { theme } from './theme.js';

export interface ImageFacts {
  /** "step 1,200", "prompt 2/4", "seed 42", … in the order they are shown. */
  facts: string[];
  /** The prompt the image was drawn from, when known. */
  prompt?: string | null;
}

/**
 * One image as large as the screen allows, with what it is under it: its prompt (wrapped whole, at
 * most a third of the height) and a line of facts (step, prompt number, seed, file).
 */
export function ImageView({ path, title, facts, prompt, width, height, message }: ImageFacts & { path: string | null; title: string; width: number; height: number; message?: string | null }) {
  const text = prompt ? stripAnsi(prompt) : '';
  const promptLines = text ? wrapWords(`prompt: ${text}`, width).slice(0, Math.max(1, Math.floor(height / 3))) : [];
  const factLine = facts.map(stripAnsi).join(' · ');
  const imageH = Math.max(1, height - 2 - promptLines.length);
  return (
    <Box width={width} height={height} flexDirection="column" overflow="hidden">
      <Text bold wrap="truncate">
        {stripAnsi(title)}
      </Text>
      <Box width={width} height={imageH} justifyContent="center">
        {path ? (
          <ImagePreview path={path} width={width} height={imageH} />
        ) : (
          <Text color={theme.text.muted} wrap="wrap">
            {message ?? 'no image'}
          </Text>
        )}
      </Box>
      {promptLines.map((l, i) => (
        <Text key={i} wrap="truncate">
          {l}
        </Text>
      ))}
      <Text wrap="truncate" color={theme.text.secondary}>
        {factLine}
      </Text>
    </Box>
  );
}
