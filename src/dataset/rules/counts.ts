import type { Finding } from '../finding.js';
import type { FolderSummary } from '../report.js';
import { formatCount as fmt } from '../../text/format.js';

/** The guide's dataset (guide §1.2): 70 character × 40 repeats + 30 real body × 20 repeats = 3,400 per epoch. */
export const GUIDE = {
  character: 70,
  realbody: 30,
  characterRepeats: 40,
  realbodyRepeats: 20,
  imagesPerEpoch: 70 * 40 + 30 * 20,
} as const;


export function countFindings(folders: readonly FolderSummary[]): Finding[] {
  const out: Finding[] = [];
  const used = folders.filter((f) => f.rel !== '' && f.images > 0);
  const character = used.filter((f) => f.kind !== 'realbody');
  const realbody = used.filter((f) => f.kind === 'realbody');
  const nChar = character.reduce((n, f) => n + f.images, 0);
  const nBody = realbody.reduce((n, f) => n + f.images, 0);
  if (used.length === 0) return out;

  out.push(countFinding('character', nChar, GUIDE.character, character.map((f) => f.rel)));
  if (realbody.length > 0) out.push(countFinding('realbody', nBody, GUIDE.realbody, realbody.map((f) => f.rel)));

  for (const f of used) {
    if (f.repeats === null || f.repeats === 0) continue;
    const want = f.kind === 'realbody' ? GUIDE.realbodyRepeats : GUIDE.characterRepeats;
    if (f.repeats !== want) {
      out.push({
        rule: 'counts.repeats',
        severity: 'info',
        files: [f.rel],
        message: `${f.rel}/ repeats ${f.repeats}; the guide uses ${want} for ${f.kind === 'realbody' ? 'real-body' : 'character'} images`,
        fix: `rename to ${want}_${f.rel.replace(/^\d+_/, '')} unless you mean to change the balance`,
        data: { repeats: f.repeats, guide: want },
      });
    }
  }

  const charEpoch = character.reduce((n, f) => n + f.perEpoch, 0);
  const bodyEpoch = realbody.reduce((n, f) => n + f.perEpoch, 0);
  if (charEpoch > 0 && bodyEpoch > 0) {
    // Guide: 2,800 : 600 per epoch, which it calls "4:1, character priority".
    const ratio = charEpoch / bodyEpoch;
    const off = ratio < 2 || ratio > 10;
    out.push({
      rule: 'counts.balance',
      severity: off ? 'warning' : 'info',
      files: [],
      message: `character : real body = ${ratio.toFixed(1)}:1 per epoch (${fmt(charEpoch)} : ${fmt(bodyEpoch)}); guide ${(2800 / 600).toFixed(1)}:1 (2,800 : 600)${
        ratio < 2 ? ': the body photos will pull the identity' : ratio > 10 ? ': the body photos will barely register' : ''
      }`,
      fix: off ? 'adjust the repeats (40 character / 20 real body) or the image counts' : 'nothing to do',
      data: { ratio, character: charEpoch, realbody: bodyEpoch },
    });
  }

  const perEpoch = charEpoch + bodyEpoch;
  const formula = used.map((f) => `${f.images} × ${f.repeats ?? 1}`).join(' + ');
  const epochs = perEpoch > 0 ? GUIDE.imagesPerEpoch / perEpoch : 0;
  out.push({
    rule: 'counts.images-per-epoch',
    severity: 'info',
    files: [],
    message: `images per epoch: ${formula} = ${fmt(perEpoch)} (guide: ${fmt(GUIDE.imagesPerEpoch)})${
      perEpoch !== GUIDE.imagesPerEpoch && perEpoch > 0 ? `; the guide's ${fmt(GUIDE.imagesPerEpoch)} steps at batch 1 would be ${epochs.toFixed(1)} epochs` : ''
    }`,
    fix: 'the Config step derives steps and save points from this number (with num_repeats set per folder)',
    data: { imagesPerEpoch: perEpoch, guide: GUIDE.imagesPerEpoch },
  });
  return out;
}

function countFinding(kind: 'character' | 'realbody', have: number, want: number, files: string[]): Finding {
  const label = kind === 'character' ? 'character' : 'real-body';
  const diff = have - want;
  const far = have < want / 2 || have > want * 2;
  const effect =
    diff < 0
      ? kind === 'character'
        ? `${-diff} short: fewer poses and angles, each image repeated more, faster overfitting`
        : `${-diff} short: less skin and body realism (plastic skin)`
      : diff > 0
        ? `${diff} over: a longer epoch; fine if every image is clean and distinct`
        : 'as the guide asks';
  return {
    rule: `counts.${kind}`,
    severity: diff === 0 ? 'info' : far ? 'warning' : 'info',
    files,
    message: `${have} ${label} images; the guide asks for ${want} (${effect})`,
    fix: diff < 0 ? `add ${-diff} ${label} images` : diff > 0 ? `drop the ${diff} weakest ${label} images, or keep them` : 'nothing to do',
    data: { have, guide: want },
  };
}
