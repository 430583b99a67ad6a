import { WD14_DUMP, type PlantedMistake, type Spec } from './demo-specs.js';

/** One demo caption as its spec says (guide §2.1/§2.2), with the mistake it plants; null bytes: no caption file. */
export function demoCaption(spec: Spec, tags: readonly string[], image: string, txt: string): { bytes: Buffer | null; planted: PlantedMistake[] } {
  let bytes: Buffer | null = Buffer.from(tags.join(', '), 'utf8');
  const planted: PlantedMistake[] = [];
  const plant = (m: PlantedMistake) => planted.push(m);
  const note = (rule: string, n: string) => plant({ rule, files: [image, txt], caption: true, note: n });
  switch (spec.caption) {
    case 'missing':
      bytes = null;
      plant({ rule: 'caption.missing', files: [image], caption: true, note: 'image without a caption file' });
      break;
    case 'bom':
      bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
      note('caption.bom', 'UTF-8 byte-order mark');
      break;
    case 'crlf':
      bytes = Buffer.from(`${tags.slice(0, 3).join(', ')},\r\n${tags.slice(3).join(', ')}\r\n`, 'utf8');
      note('caption.crlf', 'Windows line endings');
      break;
    case 'latin1':
      bytes = Buffer.from(`${tags.join(', ')}, café terrace background`, 'latin1');
      note('caption.not-utf8', 'saved as Windows-1252 ("café")');
      break;
    case 'no-trigger':
      bytes = Buffer.from(tags.slice(1).join(', '), 'utf8');
      note('caption.trigger-missing', 'trigger word left out');
      break;
    case 'trigger-late':
      bytes = Buffer.from([...tags.slice(1, 3), tags[0], ...tags.slice(3)].join(', '), 'utf8');
      note('caption.trigger-not-first', 'trigger word third');
      break;
    case 'no-realbody':
      bytes = Buffer.from(tags.filter((t) => t !== 'realistic_body').join(', '), 'utf8');
      note('caption.realbody-missing', 'real-body photo without realistic_body');
      break;
    case 'placeholder':
      bytes = Buffer.from(['[trigger]', ...tags.slice(1)].join(', '), 'utf8');
      note('caption.placeholder', '[trigger] instead of the trigger word');
      break;
    case 'dup-tags':
      bytes = Buffer.from([...tags, tags[1], tags[2]].join(', '), 'utf8');
      note('caption.duplicate-tags', `"${tags[1]}" and "${tags[2]}" twice`);
      break;
    case 'long':
      bytes = Buffer.from([...tags, ...WD14_DUMP].join(', '), 'utf8');
      note('caption.too-long', 'a raw tagger dump of 40+ tags');
      break;
    case 'realbody-on-char':
      bytes = Buffer.from([tags[0], 'realistic_body', ...tags.slice(1)].join(', '), 'utf8');
      note('caption.realbody-on-character', 'character image tagged realistic_body');
      break;
  }
  return { bytes, planted };
}
