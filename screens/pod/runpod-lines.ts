import type { RunpodSnapshot } from '../../src/pod/runpod-controller.js';
import { stripAnsi } from '../../src/text/sanitize.js';
import { glyph, theme } from '../../src/ui/theme.js';

/** Pure: the RunPod part of the Pod screen's left pane. */
export function runpodLines(r: RunpodSnapshot | null): Array<{ text: string; color?: string; bold?: boolean; wrap?: { indent: number } }> {
  if (!r) return [];
  const out: Array<{ text: string; color?: string; bold?: boolean; wrap?: { indent: number } }> = [{ text: '' }];
  out.push(r.podId ? { text: `RunPod   pod ${stripAnsi(r.podId)}${r.cost ? ` · ${r.cost}` : ' · stopped'}`, bold: true } : { text: 'RunPod   no pod yet: N rents one through the API', color: theme.text.muted });
  if (r.busy) out.push({ text: `         ${r.busy}… ${r.progress ?? ''}`, color: theme.text.muted, wrap: { indent: 9 } });
  if (r.hostKeyPrompt) {
    const p = r.hostKeyPrompt;
    out.push({ text: `Unknown host key for ${p.host}:${p.port}`, color: theme.status.warning, bold: true });
    out.push({ text: `${p.keyType} ${p.fingerprint}` });
    out.push({ text: 'Trust it and add it to known_hosts? (y/n)', color: theme.text.accent });
  }
  if (r.createAsk) out.push({ text: `${r.createAsk} (y/n)`, color: theme.text.accent, bold: true, wrap: { indent: 0 } });
  if (r.terminateAsk) {
    out.push({ text: `${r.terminateAsk.question} (y/n)`, color: theme.status.warning, bold: true });
    out.push({ text: r.terminateAsk.loss, color: theme.status.warning, wrap: { indent: 0 } });
  }
  if (r.error) {
    out.push({ text: `${glyph.error} ${stripAnsi(r.error.message)}`, color: theme.status.error, wrap: { indent: 2 } });
    if (r.error.hint) out.push({ text: `  ${glyph.arrow} ${r.error.hint}`, wrap: { indent: 4 } });
  } else if (r.message) out.push({ text: `${glyph.success} ${stripAnsi(r.message)}`, color: theme.status.success, wrap: { indent: 2 } });
  return out;
}
