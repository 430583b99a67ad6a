import { Box, Text, useStdout, type DOMElement } from 'ink';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ImageMode } from './graphics/detect.js';
import { encodeImage, type EncodedImage } from './graphics/encode.js';
import { layerFor, newImageId, type Cell } from './graphics/layer.js';
import { theme } from './theme.js';

/** The absolute cell of an Ink element: its and its ancestors' computed offsets. */
function cellOf(el: DOMElement | null): Cell | null {
  let row = 0;
  let col = 0;
  let n: DOMElement | undefined = el ?? undefined;
  if (!n?.yogaNode) return null;
  while (n) {
    if (n.yogaNode) {
      row += n.yogaNode.getComputedTop();
      col += n.yogaNode.getComputedLeft();
    }
    n = n.parentNode;
  }
  return { row: Math.round(row), col: Math.round(col) };
}

/**
 * An image drawn with the terminal's own protocol over an empty box Ink keeps clear: the graphics
 * layer draws it after each of Ink's frames at the box's cell, replaces it when the file or size
 * changes, and deletes it when the box unmounts. Until it is encoded the box shows `fallback` (the
 * half-block preview), so a slow encode (sixel at full screen) never leaves the pane blank.
 */
export function NativeImage({ path, width, height, mtimeMs, mode, fallback }: { path: string; width: number; height: number; mtimeMs?: number; mode: Exclude<ImageMode, 'blocks'>; fallback?: ReactNode }) {
  const { stdout } = useStdout();
  const ref = useRef<DOMElement>(null);
  const [state, setState] = useState<{ key: string; image: EncodedImage | null; error: string | null }>({ key: '', image: null, error: null });
  const key = `${path}\0${width}\0${height}\0${mtimeMs ?? 0}`;
  useEffect(() => {
    let live = true;
    encodeImage(path, mode, width, height, mtimeMs).then(
      (image) => live && setState({ key, image, error: null }),
      (e: Error) => live && setState({ key, image: null, error: e.message.split('\n')[0].slice(0, 200) }),
    );
    return () => {
      live = false;
    };
  }, [key, mode]);
  const image = state.key === key ? state.image : null;
  useEffect(() => {
    if (!image) return;
    const layer = layerFor(stdout, mode);
    const id = newImageId();
    layer.place({ id, locate: () => cellOf(ref.current), draw: image.draw, redraw: image.redraw });
    return () => layer.remove(id);
  }, [image, stdout, mode]);
  return (
    <Box ref={ref} width={width} height={height} flexDirection="column">
      {state.key === key && state.error ? (
        <Text color={theme.status.error} wrap="wrap">
          cannot preview: {state.error}
        </Text>
      ) : image === null ? (
        (fallback ?? <Text color={theme.text.muted}>loading preview…</Text>)
      ) : null}
    </Box>
  );
}
