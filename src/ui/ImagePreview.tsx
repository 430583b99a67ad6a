import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { renderImage, type RenderedImage } from './image-render.js';
import { theme } from './theme.js';

/** An image fitted to `width` × `height` cells; shows a reason instead when it cannot be decoded. */
export function ImagePreview({ path, width, height, mtimeMs }: { path: string | null; width: number; height: number; mtimeMs?: number }) {
  const [state, setState] = useState<{ path: string | null; image: RenderedImage | null }>({ path: null, image: null });
  useEffect(() => {
    let live = true;
    if (!path) return;
    renderImage(path, width, height, mtimeMs).then((image) => {
      if (live) setState({ path, image });
    });
    return () => {
      live = false;
    };
  }, [path, width, height, mtimeMs]);

  if (!path) {
    return (
      <Box width={width} height={height}>
        <Text color={theme.text.muted}>no image</Text>
      </Box>
    );
  }
  const image = state.path === path ? state.image : null;
  return (
    <Box width={width} height={height} overflow="hidden" flexDirection="column">
      {image === null ? (
        <Text color={theme.text.muted}>loading preview…</Text>
      ) : image.ok ? (
        <Text>{image.text}</Text>
      ) : (
        <Text color={theme.status.error} wrap="wrap">
          cannot preview: {image.message}
        </Text>
      )}
    </Box>
  );
}
