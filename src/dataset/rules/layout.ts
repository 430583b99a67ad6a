import type { Finding } from '../finding.js';
import type { FolderSummary } from '../report.js';
import type { DatasetScan, OtherEntry } from '../scan.js';

/** Folder layout: kohya-style `N_name` folders, stray files, and what ai-toolkit will make of them. */
export function layoutFindings(scan: DatasetScan, folders: readonly FolderSummary[]): Finding[] {
  const out: Finding[] = [];
  const top = folders.filter((f) => f.rel !== '');
  const withImages = top.filter((f) => f.images > 0);

  if (scan.images.length === 0) {
    out.push({
      rule: 'layout.no-images',
      severity: 'error',
      files: [],
      message: 'no images found (.jpg .jpeg .png .webp)',
      fix: 'point the check at the dataset folder that holds 40_name/ and 20_name_realbody/',
    });
  }

  const prefixed = withImages.filter((f) => f.repeats !== null);
  if (scan.images.length > 0 && prefixed.length === 0) {
    out.push({
      rule: 'layout.no-repeat-folders',
      severity: 'error',
      files: [],
      message: 'no N_name folders: the guide puts character and real-body images in 40_name/ and 20_name_realbody/',
      fix: 'create 40_<name>/ for the character images and 20_<name>_realbody/ for the body photos',
    });
  }
  for (const f of withImages.filter((f) => f.repeats === null)) {
    out.push({
      rule: 'layout.folder-without-repeats',
      severity: 'warning',
      files: [f.rel],
      message: `${f.rel}/ has no repeats prefix (N_name)`,
      fix: `rename it to ${f.kind === 'realbody' ? '20' : '40'}_${f.rel}`,
    });
  }
  for (const f of top.filter((f) => f.repeats === 0 && f.images > 0)) {
    out.push({
      rule: 'layout.zero-repeats',
      severity: 'error',
      files: [f.rel],
      message: `${f.rel}/ has 0 repeats: its images would never be trained`,
      fix: 'use a positive repeat count (40 for character, 20 for real body)',
    });
  }

  const loose = scan.images.filter((i) => i.folder === '');
  if (loose.length > 0) {
    out.push({
      rule: 'layout.images-outside-folders',
      severity: 'warning',
      files: loose.map((i) => i.rel),
      message: `${loose.length} image(s) lie in the dataset root, outside any N_name folder: no dataset entry trains them`,
      fix: 'move them into 40_<name>/ or 20_<name>_realbody/',
    });
  }

  for (const rel of scan.emptyFolders) {
    out.push({ rule: 'layout.empty-folder', severity: 'warning', files: [rel], message: `${rel}/ holds no images`, fix: 'add its images or remove the folder' });
  }

  for (const c of scan.captions.filter((c) => !c.image)) {
    out.push({
      rule: 'layout.orphan-caption',
      severity: 'warning',
      files: [c.rel],
      message: 'caption with no image of the same name',
      fix: 'rename it to match its image, or delete it',
    });
  }

  // Two images with one stem (a.jpg + a.png) share a single caption file.
  const byStem = new Map<string, string[]>();
  for (const i of scan.images) {
    const key = `${i.rel.slice(0, i.rel.length - i.stem.length - i.ext.length)}${i.stem}`;
    byStem.set(key, [...(byStem.get(key) ?? []), i.rel]);
  }
  for (const rels of byStem.values()) {
    if (rels.length < 2) continue;
    out.push({
      rule: 'layout.same-stem',
      severity: 'warning',
      files: rels,
      message: `${rels.length} images share one name and so one caption`,
      fix: 'rename one of them (and give it its own caption)',
    });
  }

  for (const o of scan.others) {
    const f = otherFinding(o);
    if (f) out.push(f);
  }

  // data_loader.py drops every file whose folder is named _controls (control images, not training data).
  const controls = scan.images.filter((i) => /(^|\/)_controls\/[^/]+$/.test(i.rel));
  if (controls.length > 0) {
    out.push({
      rule: 'layout.controls-folder',
      severity: 'warning',
      files: controls.map((i) => i.rel),
      message: `${controls.length} image(s) in a folder named _controls: ai-toolkit never trains them`,
      fix: 'rename the folder if these are training images',
    });
  }

  // Which folder is which, and how we know (guide §1.2).
  for (const f of withImages) {
    const how = f.kindSource === 'name' ? 'by its _realbody name' : f.kindSource === 'tags' ? 'by its realistic_body captions' : 'no _realbody suffix or realistic_body tags';
    out.push({
      rule: 'layout.folder-kind',
      severity: 'info',
      files: [f.rel],
      message: `${f.rel}/: ${f.kind === 'realbody' ? 'real-body photos' : 'character images'} (${how}), ${f.images} images × ${f.repeats ?? 1} repeats`,
      fix: f.kind === 'realbody' && f.kindSource === 'tags' ? `name it ${f.repeats ?? 20}_<name>_realbody so every tool sees it` : 'nothing to do',
    });
  }
  if (withImages.length > 0 && !withImages.some((f) => f.kind === 'realbody')) {
    out.push({
      rule: 'layout.no-realbody-folder',
      severity: 'warning',
      files: [],
      message: 'no real-body folder: skin and body realism will come only from the generated images',
      fix: 'add 30 real body photos in 20_<name>_realbody/, captioned with realistic_body',
    });
  }
  if (prefixed.length > 0) {
    // reference/ai-toolkit.md §4: folder names are never parsed; only num_repeats repeats images.
    out.push({
      rule: 'layout.repeats-ignored',
      severity: 'info',
      files: prefixed.map((f) => f.rel),
      message: `ai-toolkit ignores the N_ prefix: ${prefixed.map((f) => `${f.rel} trains once per epoch unless its dataset entry sets num_repeats: ${f.repeats}`).join('; ')}`,
      fix: 'one dataset entry per folder with its num_repeats (the Config step writes them)',
      data: Object.fromEntries(prefixed.map((f) => [f.rel, f.repeats])),
    });
  }
  return out;
}

function otherFinding(o: OtherEntry): Finding | null {
  switch (o.kind) {
    case 'hidden':
      return /\.(jpe?g|png|webp)$/i.test(o.rel)
        ? { rule: 'layout.hidden-image', severity: 'warning', files: [o.rel], message: 'hidden image: ai-toolkit skips files starting with "."', fix: 'rename it without the leading dot, or delete it' }
        : { rule: 'layout.hidden-file', severity: 'info', files: [o.rel], message: 'hidden file (ai-toolkit skips it; it still gets uploaded)', fix: 'delete it before uploading' };
    case 'unknown':
      return { rule: 'layout.unknown-file', severity: 'info', files: [o.rel], message: 'not an image or a .txt caption: ai-toolkit ignores it', fix: 'move it out of the dataset' };
    case 'symlink-loop':
      return { rule: 'layout.symlink-loop', severity: 'warning', files: [o.rel], message: `${o.message ?? 'symbolic link back into the dataset'} (a loop or a second copy): skipped`, fix: 'remove the link' };
    case 'broken-link':
      return { rule: 'layout.broken-link', severity: 'warning', files: [o.rel], message: 'symbolic link to nothing', fix: 'remove the link or restore its target' };
    case 'unreadable':
      return { rule: 'layout.unreadable', severity: 'error', files: [o.rel || '.'], message: `cannot be read: ${o.message ?? 'permission denied'}`, fix: 'fix its permissions (the upload and the trainer need to read it)' };
    case 'special':
      return { rule: 'layout.special-file', severity: 'warning', files: [o.rel], message: `not a regular file (${o.message ?? 'device, socket or pipe'}): never opened`, fix: 'remove it from the dataset' };
    case 'link-outside':
    case 'bad-name':
      return null; // the dataset gate's (gate.ts), reported once by the check
  }
}
