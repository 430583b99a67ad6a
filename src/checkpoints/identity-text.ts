import { VERDICT_TEXT } from '../faces/index.js';
import { stripAnsi } from '../text/sanitize.js';
import type { FacesJson, ScoreImagesJson } from './identity-json.js';
import { combinedHeader, combinedLine } from './ranking-combined.js';

/** Identity reports as text, the same lines the command prints and the screens show. */

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
const dist = (v: number | null) => (v === null ? '—' : v.toFixed(2));

export function identityHeadline(j: { threshold: number; target: number; trainingImages: number }): string {
  return `identity from ${j.trainingImages} training image(s); same person under distance ${j.threshold.toFixed(2)}; target ${pct(j.target)}`;
}

export function facesLines(j: FacesJson): string[] {
  const lines = [identityHeadline(j), '', '  step  identity  mean dist  faces  per prompt'];
  for (const s of j.steps) {
    const prompts = s.perPrompt.map((p) => `p${p.prompt} ${pct(p.consistency)}`).join('  ');
    lines.push(`  ${String(s.step).padStart(4)}  ${pct(s.consistency).padStart(8)}  ${dist(s.meanDistance).padStart(9)}  ${`${s.withFace}/${s.samples}`.padStart(5)}  ${prompts}${s.drop ? '  ▼ fell from the previous sample step' : ''}`);
    for (const m of s.memorised) lines.push(`        memorised: ${stripAnsi(m.file)} is a copy of training image ${stripAnsi(m.image)} (overfitting)`);
  }
  lines.push('', '  sample                          faces  distance  verdict');
  for (const s of j.samples) lines.push(`  ${stripAnsi(s.file).padEnd(30)}  ${String(s.faces).padStart(5)}  ${dist(s.distance).padStart(8)}  ${s.error ? stripAnsi(s.error) : VERDICT_TEXT[s.verdict]}`);
  lines.push('', combinedHeader(j.userWeight), ...j.ranking.map(combinedLine));
  return lines;
}

export function scoreImagesLines(j: ScoreImagesJson): string[] {
  const lines = [identityHeadline(j), ''];
  for (const c of j.checkpoints) {
    const spot = c.sweetSpot === null ? `no strength reaches ${pct(j.target)}` : `sweet spot ${c.sweetSpot.toFixed(2)}${c.dropsAt === null ? '' : `, consistency drops at ${c.dropsAt.toFixed(2)}`}`;
    lines.push(`step ${c.step}: ${spot}`);
    lines.push(`  ${c.strengths.map((s) => `${s.strength.toFixed(2)} ${pct(s.consistency)} (${s.matching}/${s.withFace})`).join('   ')}`);
  }
  const memorised = j.images.filter((i) => i.memorised);
  for (const m of memorised) lines.push(`memorised: ${stripAnsi(m.file)} is a copy of training image ${stripAnsi(m.memorised!.image)}`);
  if (j.unrecognised.length) lines.push(`${j.unrecognised.length} image(s) not named by the test plan were skipped`);
  if (j.images.length === 0) lines.push('no image of the test plan found (ComfyUI writes them under output/lorapilot/<project>/step_<step>/)');
  return lines;
}

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** The Monitor's identity line: a sparkline of consistency per sample step, the latest figure, a flag when it fell. */
export function identityCurveText(s: { status: string; message: string | null; threshold: number | null; steps: ReadonlyArray<{ step: number; consistency: number | null; drop: boolean }> }, width: number): { text: string; drop: boolean } {
  if (s.status === 'unavailable') return { text: `identity: not measured (${stripAnsi(s.message ?? '')})`, drop: false };
  const measured = s.steps.filter((x) => x.consistency !== null);
  if (measured.length === 0) return { text: s.status === 'idle' ? 'identity: waiting for samples' : 'identity: scoring samples…', drop: false };
  const last = measured[measured.length - 1];
  const tail = `  ${pct(last.consistency)} same person at step ${last.step}${s.threshold === null ? '' : ` (dist < ${s.threshold.toFixed(2)})`}${last.drop ? ' ▼ face drift: fell since the last sample step' : ''}`;
  const room = Math.max(1, width - 'identity '.length - tail.length);
  const spark = measured.slice(-room).map((x) => BARS[Math.min(BARS.length - 1, Math.floor(x.consistency! * (BARS.length - 1) + 0.5))]).join('');
  return { text: `identity ${spark}${tail}`, drop: last.drop };
}
