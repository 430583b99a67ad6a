import { Box, Text } from 'ink';
import { join } from 'node:path';
import { useEffect, useState } from 'react';
import { readCaptionText } from '../../src/dataset/caption-file.js';
import { boxedPreview, findingBoxes } from '../../src/faces/index.js';
import type { Finding } from '../../src/dataset/finding.js';
import { displayPath } from '../../src/text/display.js';
import { ImagePreview } from '../../src/ui/ImagePreview.js';
import { Panel } from '../../src/ui/Panel.js';
import { useResting } from '../../src/ui/use-resting.js';
import { glyph, severityColor, theme } from '../../src/ui/theme.js';

/** The selected finding: what, the fix, its image fitted to the pane and the image's caption. */
export function FindingDetail({
  root,
  finding,
  image,
  imageCount,
  fileIndex,
  width,
  height,
  focused = false,
  zoom = false,
}: {
  root: string;
  finding: Finding | undefined;
  image: string | null;
  imageCount: number;
  fileIndex: number;
  width: number;
  height: number;
  focused?: boolean;
  zoom?: boolean;
}) {
  const inner = Math.max(4, width - 4);
  const innerH = Math.max(1, height - 3);
  const abs = image ? join(root, image) : null;
  const caption = useCaption(abs);
  // The text follows the selection at once; the image once the selection rests on it. A face found where none
  // belongs (real-body images) is shown with its box drawn in, to crop it out.
  const rested = useResting(abs);
  const boxed = useBoxed(rested, fileIndex === 0 ? finding?.data : undefined);

  const msgH = zoom ? 0 : Math.min(2, innerH);
  const fixH = zoom ? 0 : innerH - msgH >= 1 ? 1 : 0;
  const fileH = innerH - msgH - fixH >= 1 ? 1 : 0;
  const capH = Math.min(2, Math.max(0, innerH - msgH - fixH - fileH - 3));
  const previewH = Math.max(0, innerH - msgH - fixH - fileH - capH);

  if (!finding) {
    return (
      <Panel title="Detail" width={width} height={height}>
        <Text color={theme.text.muted}>{height > 3 ? 'select a finding' : ''}</Text>
      </Panel>
    );
  }
  const title = zoom ? `Preview · ${image ? displayPath(image) : 'no image'}` : `${glyph[finding.severity]} ${finding.rule}`;
  return (
    <Panel title={title} focused={focused} width={width} height={height}>
      {msgH > 0 ? (
        <Box height={msgH} overflow="hidden">
          <Text wrap="wrap" color={severityColor(finding.severity)}>
            {finding.message}
          </Text>
        </Box>
      ) : null}
      {fixH > 0 ? (
        <Text wrap="truncate" color={theme.text.accent}>
          {glyph.arrow} {finding.fix}
        </Text>
      ) : null}
      {fileH > 0 ? (
        <Text wrap="truncate" color={theme.text.secondary}>
          {image
            ? `${displayPath(image)}${imageCount > 1 ? `  (${fileIndex + 1}/${imageCount}, ←/→)` : ''}`
            : finding.files.length > 0
              ? finding.files.slice(0, 3).map(displayPath).join(', ')
              : 'the whole dataset'}
        </Text>
      ) : null}
      {previewH > 0 ? (
        abs && rested === abs ? (
          <ImagePreview path={boxed ?? abs} width={inner} height={previewH} />
        ) : abs ? (
          <Box height={previewH} />
        ) : (
          <Box height={previewH}>
            <Text color={theme.text.muted}>no image for this finding</Text>
          </Box>
        )
      ) : null}
      {capH > 0 && abs ? (
        <Box height={capH} overflow="hidden">
          <Text wrap="wrap" color={caption === null ? theme.status.warning : caption === undefined ? theme.text.muted : undefined}>
            {caption === undefined ? glyph.ellipsis : caption === null ? 'no caption file' : caption.trim() === '' ? '(empty caption)' : caption}
          </Text>
        </Box>
      ) : null}
    </Panel>
  );
}

/** The caption text; undefined while loading, null when there is none. */
function useCaption(path: string | null): string | null | undefined {
  const [state, setState] = useState<{ path: string | null; text: string | null }>({ path: null, text: null });
  useEffect(() => {
    let live = true;
    if (!path) return;
    void readCaptionText(path).then((text) => live && setState({ path, text }));
    return () => {
      live = false;
    };
  }, [path]);
  return state.path === path ? state.text : undefined;
}

/** The image with the finding's face boxes drawn in; null while drawing, or when the finding has no boxes. */
function useBoxed(path: string | null, data: unknown): string | null {
  const boxes = findingBoxes(data);
  const key = path && boxes ? JSON.stringify([path, boxes]) : null;
  const [state, setState] = useState<{ key: string | null; out: string | null }>({ key: null, out: null });
  useEffect(() => {
    let live = true;
    if (!key || !path || !boxes) return;
    void boxedPreview(path, boxes).then(
      (out) => live && setState({ key, out }),
      () => live && setState({ key, out: null }),
    );
    return () => {
      live = false;
    };
    // key holds path and boxes.
  }, [key]);
  return state.key === key ? state.out : null;
}
