import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDataset } from '../../src/dataset/check.js';
import type { CheckReport } from '../../src/dataset/report.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * Files that look wrong but are fine, and files that look fine but are not: real images made with sharp,
 * captions in the encodings editors really save, and pipes where captions belong.
 */
let dir: string;
let char: string;
let report: CheckReport;
let notes: string;
const utf16 = Buffer.from('maya_char, portrait, smiling', 'utf16le');

beforeAll(async () => {
  dir = await tempDir('lorapilot-hostile-files-');
  char = join(dir, '40_maya');
  await mkdir(char);
  const jpeg = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#446688', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg()
    .toBuffer();
  // A phone motion photo: the JPEG, then a video appended after its end marker.
  await writeFile(join(char, 'motion.jpg'), Buffer.concat([jpeg, Buffer.from('\0\0\0\x18ftypmp42'), Buffer.alloc(4096, 7)]));
  await writeFile(join(char, 'cut.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  await writeFile(join(char, 'dot.png'), await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer());
  for (const n of ['motion', 'cut', 'dot']) await writeFile(join(char, `${n}.txt`), 'maya_char, portrait');
  for (const n of ['wide', 'nul', 'piped']) await writeFile(join(char, `${n}.jpg`), jpeg);
  await writeFile(join(char, 'wide.txt'), utf16);
  await writeFile(join(char, 'nul.txt'), 'maya_char, \0\0portrait');
  execFileSync('mkfifo', [join(char, 'piped.txt')]);
  // A caption that is a link to a file outside the dataset: never written through.
  notes = join(await tempDir('lorapilot-notes-'), 'notes.txt');
  await writeFile(notes, 'my own notes');
  await writeFile(join(char, 'linked.jpg'), jpeg);
  await symlink(notes, join(char, 'linked.txt'));
  report = await checkDataset(dir, { trigger: 'maya_char' });
}, 60_000);

const rules = (file: string) => report.findings.filter((f) => f.files.includes(`40_maya/${file}`)).map((f) => `${f.severity}:${f.rule}`);

describe('hostile files', () => {
  it('data after a JPEG end marker is fine; a JPEG cut in the middle is truncated', () => {
    expect(rules('motion.jpg').filter((r) => r.startsWith('error'))).toEqual([]);
    expect(rules('cut.jpg')).toContain('error:image.truncated');
  });

  it('a 1-pixel image is an error: smaller than any bucket', () => {
    expect(rules('dot.png')).toContain('error:image.too-small');
  });

  it('a UTF-16 caption without BOM is recognised and its tags read; NUL bytes are a finding', () => {
    expect(rules('wide.jpg')).toContain('error:caption.utf16');
    expect(rules('wide.jpg')).not.toContain('error:caption.trigger-missing');
    expect(rules('nul.jpg')).toContain('error:caption.nul');
  });

  it('normalize converts UTF-16 to the same tags in UTF-8, and leaves the pipe alone without waiting on it', async () => {
    const r = await runCli(['captions', 'normalize', dir, '--trigger', 'maya_char'], dir);
    expect(r.out).toContain('converted from UTF-16LE to UTF-8');
    expect(await readFile(join(char, 'wide.txt'), 'utf8')).toBe('maya_char, portrait, smiling');
    expect(await readFile(join(char, 'nul.txt'), 'utf8')).toBe('maya_char, portrait');
    for (const op of ['list', 'stats', 'create-missing']) {
      const c = await runCli(['captions', op, dir, '--trigger', 'maya_char'], dir);
      expect(c.err, op).not.toMatch(/at .*\.js:\d+/);
    }
    const created = await runCli(['captions', 'create-missing', dir, '--trigger', 'maya_char'], dir);
    expect(created.out + created.err).toContain('piped.txt: not a regular file (a named pipe)');
    expect(execFileSync('stat', ['-c', '%F', join(char, 'piped.txt')]).toString().trim()).toBe('fifo');
    expect(created.out + created.err).toContain('linked.txt: is a symbolic link: left alone');
    expect(await readFile(notes, 'utf8')).toBe('my own notes');
    expect((await lstat(join(char, 'linked.txt'))).isSymbolicLink()).toBe(true);
  });

  it('config lint says "not a regular file" for a pipe, a device and a folder, without waiting', async () => {
    const fifo = join(dir, 'config.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const [file, kind] of [[fifo, 'a named pipe'], ['/dev/zero', 'a device'], [dir, 'a folder']]) {
      const r = await runCli(['config', 'lint', file], dir);
      expect(r.err, file).toContain(`not a regular file (${kind})`);
      expect(r.code, file).not.toBe(0);
    }
  });
});
