import { Box, Text } from 'ink';
import { stripAnsi } from '../../src/text/sanitize.js';
import { wrapWords } from '../../src/text/wrap.js';
import { flagAdvice, flagHeadline } from '../../src/training/format.js';
import type { RedFlag } from '../../src/training/red-flags.js';
import type { RunSnapshot, SampleInfo } from '../../src/training/run-model.js';
import { ImagePreview } from '../../src/ui/ImagePreview.js';
import { Panel } from '../../src/ui/Panel.js';
import { glyph, severityColor, theme } from '../../src/ui/theme.js';

/** The samples of one sample step, one preview per prompt, side by side. */
export function SamplesPane({ samples, step, steps, prompts = [], width, height }: { samples: SampleInfo[]; step: number | null; steps: number[]; prompts?: readonly string[]; width: number; height: number }) {
  const shown = step ?? steps[steps.length - 1] ?? null;
  const at = shown === null ? [] : samples.filter((s) => s.step === shown).sort((a, b) => a.index - b.index);
  const pos = shown === null ? 0 : steps.indexOf(shown) + 1;
  const title = shown === null ? 'Samples' : `Samples · step ${shown} (${pos}/${steps.length})${step === null ? ' · latest' : ''}`;
  const innerW = Math.max(1, width - 4);
  const innerH = Math.max(1, height - 3);
  const n = Math.max(1, at.length);
  const each = Math.floor((innerW - (n - 1)) / n);
  return (
    <Panel title={title} width={width} height={height} overflow="hidden">
      {at.length === 0 ? (
        <Text color={theme.text.muted} wrap="truncate">
          {steps.length === 0 ? 'no samples yet (they appear at each sample_every step)' : 'no samples at this step'}
        </Text>
      ) : each < 6 || innerH < 3 ? (
        at.map((s) => (
          <Text key={s.index} wrap="truncate" color={theme.text.secondary}>
            {`prompt ${s.index + 1}: ${stripAnsi(prompts[s.index] ?? s.local ?? s.remote)}`}
          </Text>
        ))
      ) : (
        <Box flexDirection="row" width={innerW} height={innerH}>
          {at.map((s, i) => (
            <Box key={s.index} flexDirection="column" width={each} marginLeft={i > 0 ? 1 : 0}>
              <ImagePreview path={s.local} width={each} height={Math.max(1, innerH - 1)} />
              <Text wrap="truncate" color={theme.text.muted}>
                {`prompt ${s.index + 1}${prompts[s.index] ? `: ${stripAnsi(prompts[s.index])}` : ''}`}
              </Text>
            </Box>
          ))}
        </Box>
      )}
    </Panel>
  );
}

export function LogPane({ lines, width, height }: { lines: string[]; width: number; height: number }) {
  const innerH = Math.max(1, height - 3);
  const shown = lines.slice(-innerH);
  return (
    <Panel title="Log (l: samples)" width={width} height={height} overflow="hidden">
      {shown.length === 0 ? <Text color={theme.text.muted}>no log lines yet</Text> : shown.map((l, i) => (
        <Text key={i} wrap="truncate" color={/error|Traceback|OOM|nan/i.test(l) ? theme.status.error : undefined}>
          {l}
        </Text>
      ))}
    </Panel>
  );
}

/** Red flags, newest first; the newest shows the guide's advice. */
export function FlagsPane({ flags, snap, width, height }: { flags: RedFlag[]; snap: RunSnapshot; width: number; height: number }) {
  const innerH = Math.max(1, height - 3);
  const innerW = Math.max(8, width - 4);
  const lines: Array<{ text: string; color?: string; dim?: boolean }> = [];
  if (snap.error && snap.status === 'failed') for (const t of wrapWords(`${glyph.error} ${snap.error.message}`, innerW).slice(0, 2)) lines.push({ text: t, color: theme.status.error });
  for (const [i, f] of flags.entries()) {
    // the newest headline wraps whole: a narrow side pane must not cut what went wrong
    const head = i === 0 ? wrapWords(flagHeadline(f), innerW) : [flagHeadline(f)];
    for (const t of head) lines.push({ text: t, color: severityColor(f.severity) });
    // the newest flag's advice, wrapped by hand so the pane never grows past its height
    if (i === 0) {
      const room = Math.max(1, innerH - lines.length - Math.min(2, flags.length - 1));
      for (const l of wrapWords(flagAdvice(f), innerW - 2).slice(0, room)) lines.push({ text: `  ${l}`, dim: true });
    }
  }
  if (lines.length === 0) lines.push({ text: `${glyph.success} no red flags`, color: theme.status.success });
  const title = flags.length > 0 ? `Red flags (${flags.length})` : 'Red flags';
  if (height < 4) {
    // no room for a frame: the newest flag (or the verdict) on one line, the chart keeps the rest
    const first = lines[0];
    return (
      <Box width={width} height={Math.max(1, height)}>
        <Text wrap="truncate" color={first.color}>
          {flags.length > 0 ? `${title}: ` : ''}
          {first.text}
        </Text>
      </Box>
    );
  }
  return (
    <Panel title={title} width={width} height={height} overflow="hidden">
      {lines.slice(0, innerH).map((l, i) => (
        <Text key={i} wrap="truncate" color={l.color ?? (l.dim ? theme.text.secondary : undefined)}>
          {l.text}
        </Text>
      ))}
    </Panel>
  );
}
