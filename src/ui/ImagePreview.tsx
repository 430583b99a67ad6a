import { Box, Text, useStdout } from 'ink';
import { useEffect, useState } from 'react';
import { currentImageMode } from './graphics/setting.js';
import { NativeImage } from './NativeImage.js';
import { renderImage, type RenderedImage } from './image-render.js';
import { theme } from './theme.js';

/**
 * An image fitted to `width` × `height` cells: drawn with the terminal's image protocol where it has
 * one (or the project or LORAPILOT_IMAGES names one), else as half blocks; shows a reason instead when
 * it cannot be decoded.
 */
export function ImagePreview(props: { path: string | null; width: number; height: number; mtimeMs?: number }) {
  const { stdout } = useStdout();
  const mode = currentImageMode(Boolean((stdout as { isTTY?: boolean }).isTTY));
  // a sixel takes longest to encode: its pane shows the half blocks meanwhile
  if (mode !== 'blocks' && props.path) return <NativeImage path={props.path} width={props.width} height={props.height} mtimeMs={props.mtimeMs} mode={mode} fallback={mode === 'sixel' ? <BlockImage {...props} /> : undefined} />;
  return <BlockImage {...props} />;
}

function BlockImage({ path, width, height, mtimeMs }: { path: string | null; width: number; height: number; mtimeMs?: number }) {
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
