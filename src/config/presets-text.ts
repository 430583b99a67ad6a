import { glyph } from '../text/glyphs.js';
import { formatLr } from './choices.js';
import type { Preset, PresetModel } from './presets.js';

/** A preset in five lines: model, sampling, quantization for both GPU sizes, and the two VRAM notes. */
export function presetLines(p: Preset): string[] {
  const m = p.model(48);
  const m24 = p.model(24);
  const pad = ''.padEnd(16);
  const sep = ` ${glyph.separator} `;
  const samples = `samples: guidance ${p.guidanceScale}, ${p.sampleSteps} steps${p.usesNegative ? ', neg' : ''}`;
  return [
    `${p.id.padEnd(16)}${p.label}  (${p.nameOrPath}${p.gated ? ', gated' : ''})`,
    `${pad}arch ${p.arch}${sep}rank ${p.rank}${sep}lr ${formatLr(p.lr)}${sep}${samples}${p.sampler ? `${sep}sampler/noise ${p.sampler}` : ''}${p.timestepType ? `${sep}timestep ${p.timestepType}` : ''}`,
    `${pad}quantize: 48 GB ${quantizeText(m)}; 24 GB ${quantizeText(m24)}${m.assistant_lora_path ? `${sep}assistant ${m.assistant_lora_path}` : ''}`,
    `${pad}${p.vramNote(48)}`,
    `${pad}${p.vramNote(24)}`,
  ];
}

function quantizeText(x: PresetModel): string {
  return x.quantize ? `${x.qtype}${x.quantize_te ? ` / te ${x.qtype_te}` : ''}${x.low_vram ? ', low_vram' : ''}` : 'none';
}
