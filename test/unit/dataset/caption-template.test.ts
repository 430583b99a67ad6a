import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { textEncoderFor } from '../../../src/ai-toolkit/text-encoders.js';
import { planCaption } from '../../../src/captions/operations.js';
import { checkOptionsFor } from '../../../src/dataset/check-request.js';
import { checkCaption, type CaptionInput } from '../../../src/dataset/rules/captions.js';
import type { FolderKind } from '../../../src/dataset/scan.js';

const enc = (s: string) => new TextEncoder().encode(s);
const check = (text: string, over: Partial<CaptionInput> = {}) =>
  checkCaption({ image: '40_maya/a.jpg', caption: '40_maya/a.txt', bytes: enc(text), kind: 'character', trigger: 'maya_char', medianTags: null, ...over });
const rules = (fs: Array<{ rule: string }>) => fs.map((f) => f.rule).sort();
const created = (kind: FolderKind) =>
  planCaption({ kind: 'create-missing' }, { decoded: null, bytes: null, folderKind: kind }, { trigger: 'maya_char' }).after!;

describe('captions create-missing and the check', () => {
  it('the written template is an error until its slots are filled, in both folder kinds', () => {
    for (const kind of ['character', 'realbody'] as const) {
      const fs = check(created(kind), { kind });
      expect(rules(fs)).toEqual(['caption.template-unfilled']);
      expect(fs[0].severity).toBe('error');
      expect(fs[0].message).toContain('[describe pose]');
    }
  });

  it('filled in, the template passes; one slot left is still flagged', () => {
    expect(check('maya_char, full body, standing, red dress, urban background at night')).toEqual([]);
    expect(rules(check('maya_char, full body, standing, red dress, [describe setting and lighting]'))).toEqual(['caption.template-unfilled']);
  });

  it('a caption that is only the trigger word is a warning (in a real-body folder: the trigger and realistic_body)', () => {
    const [only] = check('maya_char');
    expect(only).toMatchObject({ rule: 'caption.trigger-only', severity: 'warning' });
    expect(rules(check('maya_char, realistic_body', { kind: 'realbody' }))).toEqual(['caption.trigger-only']);
    expect(check('maya_char, portrait')).toEqual([]);
  });
});

describe('caption length against the model’s text encoder', () => {
  const tags = (n: number) => `maya_char, ${Array.from({ length: n }, (_, i) => `descriptive tag number ${i}`).join(', ')}`;

  it('SD 1.5 and SDXL read 75 CLIP tokens; FLUX reads 512 T5 tokens; Qwen-Image reads far longer', () => {
    const mid = tags(40); // about 270 tokens
    expect(rules(check(mid, { textEncoder: textEncoderFor('sdxl') }))).toEqual(['caption.too-long']);
    expect(check(mid, { textEncoder: textEncoderFor('sdxl') })[0].message).toContain('CLIP text encoder reads 75');
    expect(check(mid, { textEncoder: textEncoderFor('flux') })).toEqual([]);
    const long = tags(100); // about 700 tokens
    expect(check(long, { textEncoder: textEncoderFor('flux') })[0].message).toContain('T5 text encoder reads 512');
    expect(check(long, { textEncoder: textEncoderFor('qwen_image') })).toEqual([]);
  });

  it('the window follows the project’s preset; without one it is CLIP’s', () => {
    expect(checkOptionsFor({ trigger: 'maya_char', config: { preset: 'flux1-dev' } }).textEncoder).toEqual({ encoder: 'T5', tokens: 512 });
    expect(checkOptionsFor({ trigger: 'maya_char', preset: 'zimage-turbo' }).textEncoder?.encoder).toBe('Qwen3');
    expect(checkOptionsFor({ trigger: 'maya_char', config: { preset: 'sdxl' } }).textEncoder?.tokens).toBe(75);
    expect(checkOptionsFor(null).textEncoder).toEqual({ encoder: 'CLIP', tokens: 75 });
    expect(textEncoderFor('zimage:turbo').tokens).toBe(512);
  });
});

describe('lorapilot check uses the project preset’s text encoder', () => {
  it('a 270-token caption is too long for SDXL, not for FLUX.1', async () => {
    const rulesFor = async (preset: string) => {
      const dir = await tempDir();
      await writeFile(join(dir, 'lorapilot.yaml'), `name: maya\ntrigger: maya_char\nconfig:\n  preset: ${preset}\n`);
      await mkdir(join(dir, 'dataset/40_maya'), { recursive: true });
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).jpeg().toFile(join(dir, 'dataset/40_maya/a.jpg'));
      await writeFile(join(dir, 'dataset/40_maya/a.txt'), `maya_char, ${Array.from({ length: 40 }, (_, i) => `descriptive tag number ${i}`).join(', ')}`);
      const r = await runCli(['check', '--fast', '--json'], dir);
      return (JSON.parse(r.out) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule).filter((x) => x.startsWith('caption.'));
    };
    expect(await rulesFor('sdxl')).toEqual(['caption.too-long']);
    expect(await rulesFor('flux1-dev')).toEqual([]);
  });
});
